package io.theeye.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    HikariDataSource dataSource(DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("the-eye");
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.user());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        if (SqlDialect.forUrl(properties.url()) == SqlDialect.POSTGRESQL) {
            // Lets the driver send a JDBC batch as multi-row inserts: one round trip per batch, not per event.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // The service's queries are short and indexed; JIT compiling them cost up to 460 ms a query in tests.
            config.setConnectionInitSql("set jit = off");
        }
        return new HikariDataSource(config);
    }

    @Bean
    EventStore eventStore(
            JdbcTemplate jdbcTemplate,
            PlatformTransactionManager transactionManager,
            DatabaseProperties properties,
            JsonMapper jsonMapper) {
        return new EventStore(
                jdbcTemplate,
                new TransactionTemplate(transactionManager),
                SqlDialect.forUrl(properties.url()),
                jsonMapper);
    }

    @Bean
    ClientStore clientStore(JdbcClient jdbcClient, Clock clock) {
        return new ClientStore(jdbcClient, clock);
    }

    @Bean
    UserStore userStore(JdbcClient jdbcClient, Clock clock) {
        return new UserStore(jdbcClient, clock);
    }
}
