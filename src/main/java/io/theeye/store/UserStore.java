package io.theeye.store;

import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** People who may sign in to the admin UI. */
public class UserStore {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;

    UserStore(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * Stores a superuser.
     *
     * @param passwordHash the password, already hashed: this store never sees a password
     * @throws DuplicateKeyException when the username is taken
     */
    public void createSuperuser(String username, String passwordHash) {
        jdbc.sql("insert into users (username, password_hash, is_superuser, created_at) values (?, ?, true, ?)")
                .params(username, passwordHash, dialect.timestamp(clock.instant()))
                .update();
    }

    /** The user with this name, if there is one. */
    public Optional<User> find(String username) {
        return jdbc.sql("select username, password_hash, is_superuser from users where username = ?")
                .param(username)
                .query((rs, row) -> new User(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from users where username = ?")
                        .param(username)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * Someone who may sign in.
     *
     * @param passwordHash the password's hash, tagged with its scheme ({@code {bcrypt}...})
     */
    public record User(String username, String passwordHash, boolean superuser) {}
}
