package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientStoreTests {

    private final HikariDataSource database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    private final ClientStore store = TestStores.clientStore(database, Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void leavesOutARowItCannotReadAndKeepsTheOthers() throws SQLException {
        ClientStore.Client good = store.create("good");
        // The table's check refuses an id of another length; a hand that switched checks off gets one in.
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("pragma ignore_check_constraints = on");
            statement.execute("insert into clients (client_id, name, secret_key, read_all, created_at)"
                    + " values (x'0102', 'written by hand', '" + "k".repeat(43) + "', 0, 0)");
            statement.execute("pragma ignore_check_constraints = off");
        }

        assertThat(store.findAll()).extracting(ClientStore.Client::clientId).containsExactly(good.clientId());
    }

    @Test
    void findsAClientByIdActiveOrRevoked() {
        ClientStore.Client client = store.create("shop");
        store.revoke(client.clientId());

        assertThat(store.findById(client.clientId()))
                .hasValueSatisfying(found -> assertThat(found.active()).isFalse());
    }
}
