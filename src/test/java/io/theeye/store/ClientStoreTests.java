package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ClientStoreTests {

    private final HikariDataSource database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    private final ClientStore store = TestStores.clientStore(database, Clock.systemUTC());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void leavesOutARowItCannotReadAndKeepsTheOthers() {
        ClientStore.Client good = store.create("good");
        JdbcClient.create(database)
                .sql("insert into clients (client_id, name, secret_key, read_all, created_at) values (?, ?, ?, 0, 0)")
                .params("not a uuid", "written by hand", "k".repeat(43))
                .update();

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
