package io.theeye.queue.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.theeye.queue.QueueProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Redis client of a process, and the stream and group every API process and worker agree on. */
final class RedisStreams implements AutoCloseable {

    /** The entry field holding a batch in the wire format. */
    static final String FIELD = "batch";

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final RedisURI uri;
    private final QueueProperties.Redis settings;

    RedisStreams(QueueProperties.Redis settings, Duration commandTimeout) {
        this.settings = settings;
        this.uri = RedisURI.create(settings.url());
        uri.setTimeout(commandTimeout);
        this.client = RedisClient.create(uri);
        // While Redis is away, refuse at once (a 503 for the client) rather than queue commands in memory.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(commandTimeout).build())
                .build());
    }

    /**
     * A new connection, or {@link RedisConnectionException} once opening the socket and the handshake have taken
     * longer than the command timeout each.
     */
    StatefulRedisConnection<String, byte[]> connect() {
        return RedisConnect.bounded(client, CODEC, uri);
    }

    String stream() {
        return settings.stream();
    }

    String group() {
        return settings.group();
    }

    QueueProperties.Redis settings() {
        return settings;
    }

    /**
     * Creates the stream and its consumer group if missing. The group starts at the stream's beginning, so that
     * batches added before any worker ran are consumed too.
     */
    void ensureGroup(StatefulRedisConnection<String, byte[]> connection) {
        try {
            connection
                    .sync()
                    .xgroupCreate(
                            XReadArgs.StreamOffset.from(settings.stream(), "0"),
                            settings.group(),
                            XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // BUSYGROUP: it exists already.
        }
    }

    /** What {@code XINFO GROUPS} says of this group ({@code last-delivered-id}, {@code lag} ...), or null. */
    Map<String, Object> groupInfo(RedisCommands<String, byte[]> redis) {
        for (Object group : redis.xinfoGroups(settings.stream())) {
            List<?> fields = (List<?>) group;
            Map<String, Object> info = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                info.put(text(fields.get(i)), fields.get(i + 1));
            }
            if (settings.group().equals(text(info.get("name")))) {
                return info;
            }
        }
        return null;
    }

    /** A reply's value as text (Redis answers bulk strings as bytes with this codec); null stays null. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
