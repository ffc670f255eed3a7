package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueProperties;
import io.theeye.support.RedisServerProcess;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What The Eye reads of a real Redis's persistence, each test on a {@code redis-server} set up its own way. */
class RedisPersistenceTests {

    @Test
    void aRedisWithoutAppendOnlyFileCannotPromise202() {
        BrokerDurability.Reading reading = read("--appendonly", "no");

        assertThat(reading.durable()).isFalse();
        assertThat(reading.summary()).contains("appendonly=no", "Set appendonly yes and appendfsync always");
    }

    @Test
    void aRedisThatFsyncsOnceASecondCannotPromise202() {
        BrokerDurability.Reading reading = read("--appendonly", "yes", "--appendfsync", "everysec");

        assertThat(reading.durable()).isFalse();
        assertThat(reading.summary()).contains("appendonly=yes, appendfsync=everysec", "Set appendfsync always");
    }

    @Test
    void aRedisThatFsyncsEveryWriteBeforeAnsweringPromises202() {
        BrokerDurability.Reading reading = read("--appendonly", "yes", "--appendfsync", "always");

        assertThat(reading.durable()).isTrue();
        assertThat(reading.summary()).contains("appendonly=yes, appendfsync=always");
    }

    @Test
    void whereConfigIsDisabledItReadsInfoWhichCannotConfirmTheFsync() {
        BrokerDurability.Reading withFile =
                read("--appendonly", "yes", "--appendfsync", "always", "--rename-command", "CONFIG", "");
        BrokerDurability.Reading withoutFile = read("--appendonly", "no", "--rename-command", "CONFIG", "");

        assertThat(withFile.durable()).isFalse();
        assertThat(withFile.summary()).contains("aof_enabled:1", "CONFIG GET refused", "unless appendfsync is always");
        assertThat(withoutFile.durable()).isFalse();
        assertThat(withoutFile.summary()).contains("aof_enabled:0", "keeps no append-only file");
    }

    private static BrokerDurability.Reading read(String... options) {
        try (RedisServerProcess redis = RedisServerProcess.start(options);
                RedisStreams streams = new RedisStreams(
                        new QueueProperties.Redis(
                                URI.create(redis.url()),
                                "the-eye-test",
                                "workers",
                                Duration.ofSeconds(30),
                                100,
                                false,
                                0),
                        Duration.ofSeconds(5))) {
            return new RedisPersistence(streams).read();
        }
    }
}
