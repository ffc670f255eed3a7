package io.theeye.queue.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.theeye.queue.BrokerDurability;
import java.net.URI;

/**
 * Reads whether Redis has what it acknowledged on disk when it answers: only with an append-only file fsynced before
 * each answer ({@code appendonly yes}, {@code appendfsync always}). With {@code everysec} a power cut loses up to a
 * second of acknowledged writes, with {@code no} up to the operating system's flush (about 30 s), and without the
 * file everything since the last snapshot, a plain restart included. {@code CONFIG GET} tells both settings; where it
 * is refused (managed services, ACLs), {@code INFO persistence} tells only whether the file is on, which is not
 * enough to promise anything.
 */
final class RedisPersistence implements BrokerDurability.Probe {

    private final RedisStreams streams;
    private final String where;

    RedisPersistence(RedisStreams streams) {
        this.streams = streams;
        URI url = streams.settings().url();
        this.where = "Redis at " + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort());
    }

    @Override
    public BrokerDurability.Reading read() {
        try (StatefulRedisConnection<String, byte[]> connection = streams.connect()) {
            RedisCommands<String, byte[]> redis = connection.sync();
            String appendonly;
            String appendfsync;
            try {
                // One setting a command: CONFIG GET takes several only from Redis 7 on.
                appendonly = redis.configGet("appendonly").get("appendonly");
                appendfsync = redis.configGet("appendfsync").get("appendfsync");
            } catch (RedisCommandExecutionException refused) {
                return fromInfo(redis.info("persistence"), refused.getMessage());
            }
            return reading(appendonly, appendfsync);
        }
    }

    BrokerDurability.Reading reading(String appendonly, String appendfsync) {
        String settings = "appendonly=" + appendonly + ", appendfsync=" + appendfsync;
        if (!"yes".equals(appendonly)) {
            return new BrokerDurability.Reading(
                    false,
                    where + " keeps no append-only file (" + settings + "): events answered 202 are lost when it"
                            + " stops before a worker has stored them (a restart loses everything since its last"
                            + " snapshot). Set appendonly yes and appendfsync always.");
        }
        if (!"always".equals(appendfsync)) {
            String lost = "everysec".equals(appendfsync)
                    ? "up to a second of events answered 202"
                    : "events answered 202 in the operating system's write cache";
            return new BrokerDurability.Reading(
                    false,
                    where + " answers before its append-only file is on disk (" + settings + "): a crash of its"
                            + " machine loses " + lost + ". Set appendfsync always.");
        }
        return new BrokerDurability.Reading(
                true, where + " writes every event to disk before it answers (" + settings + ")");
    }

    private BrokerDurability.Reading fromInfo(String info, String refusal) {
        String aof = "unknown";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("aof_enabled:")) {
                aof = line.substring("aof_enabled:".length()).trim();
            }
        }
        String settings = "aof_enabled:" + aof + " from INFO persistence; CONFIG GET refused: " + refusal;
        if (!"1".equals(aof)) {
            return new BrokerDurability.Reading(
                    false,
                    where + " keeps no append-only file (" + settings + "): events answered 202 are lost when it"
                            + " stops before a worker has stored them. Set appendonly yes and appendfsync always.");
        }
        return new BrokerDurability.Reading(
                false,
                where + " keeps an append-only file, but whether it is on disk before Redis answers cannot be read ("
                        + settings + "): events answered 202 may be lost to a crash of its machine unless appendfsync"
                        + " is always. Allow CONFIG GET appendfsync to The Eye's Redis user to have it checked.");
    }
}
