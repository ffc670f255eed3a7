package io.theeye.ingest;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.theeye.queue.redis.RedisConnect;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The clients' buckets in Redis, so that every API process counts against the same ones. One script call per
 * question, run atomically by Redis on Redis's clock: parallel requests of one client, on any process, each see the
 * bucket the previous one left, and the processes' clocks need not agree. A bucket is a hash that expires once it
 * would be full again.
 */
final class RedisTokenBuckets implements TokenBuckets {

    static final String KEY_PREFIX = "the-eye:rate-limit:";

    /**
     * KEYS[1] the bucket; ARGV: events per second, bucket size, events, 1 to take them (0 to ask only), and the time
     * in microseconds (tests only: Redis's own clock otherwise). Returns 0, or the whole seconds to wait. The same
     * arithmetic as {@link LocalTokenBuckets}.
     */
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local rate = tonumber(ARGV[1])
            local size = tonumber(ARGV[2])
            local events = tonumber(ARGV[3])
            local now
            if ARGV[5] then
              now = tonumber(ARGV[5])
            else
              local time = redis.call('TIME')
              now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            end
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'rate', 'size')
            local tokens = size
            local at = now
            if state[1] and tonumber(state[3]) == rate and tonumber(state[4]) == size then
              tokens = tonumber(state[1])
              at = tonumber(state[2])
              if now > at then
                tokens = math.min(size, tokens + (now - at) / 1000000 * rate)
                at = now
              end
            end
            local needed = math.min(events, size)
            if tokens < needed then
              return math.max(1, math.ceil((needed - tokens) / rate))
            end
            if ARGV[4] == '1' then
              tokens = tokens - events
              redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.0f', at),
                'rate', ARGV[1], 'size', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], math.ceil((size - tokens) / rate * 1000) + 1000)
            end
            return 0
            """;

    private final RedisClient client;
    private final RedisURI uri;
    /** The time in microseconds, or null for Redis's own clock. */
    private final LongSupplier micros;

    private volatile StatefulRedisConnection<String, String> connection;
    private volatile String digest;

    /**
     * @param timeout the longest connecting, and then each call, may take
     * @param micros the time in microseconds, or null for Redis's own clock (tests pass one they control)
     */
    RedisTokenBuckets(String url, Duration timeout, LongSupplier micros) {
        this.uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.micros = micros;
        this.client = RedisClient.create(uri);
        // While Redis is away, fail at once (and count in this process) rather than queue commands in memory.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    @Override
    public long take(UUID clientId, RateLimit limit, int events) {
        return call(clientId, limit, events, true);
    }

    @Override
    public long waitFor(UUID clientId, RateLimit limit, int events) {
        return call(clientId, limit, events, false);
    }

    private long call(UUID clientId, RateLimit limit, int events, boolean take) {
        RedisCommands<String, String> redis = connection().sync();
        String[] keys = {KEY_PREFIX + clientId};
        String[] args = micros == null
                ? new String[] {
                    Integer.toString(limit.eventsPerSecond()),
                    Integer.toString(limit.bucket()),
                    Integer.toString(events),
                    take ? "1" : "0"
                }
                : new String[] {
                    Integer.toString(limit.eventsPerSecond()),
                    Integer.toString(limit.bucket()),
                    Integer.toString(events),
                    take ? "1" : "0",
                    Long.toString(micros.getAsLong())
                };
        Long wait;
        try {
            wait = redis.evalsha(digest, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            // Redis restarted, or its scripts were flushed.
            digest = redis.scriptLoad(SCRIPT);
            wait = redis.evalsha(digest, ScriptOutputType.INTEGER, keys, args);
        }
        return wait;
    }

    /**
     * The connection, opened (and the script loaded) on first use, or {@link RedisConnectionException} once opening
     * the socket and the handshake have taken longer than the timeout each. Once open, Lettuce reconnects it by
     * itself.
     */
    StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (connection == null) {
                StatefulRedisConnection<String, String> opened = connect();
                try {
                    digest = opened.sync().scriptLoad(SCRIPT);
                } catch (RuntimeException e) {
                    opened.closeAsync();
                    throw e;
                }
                connection = opened;
            }
            return connection;
        }
    }

    private StatefulRedisConnection<String, String> connect() {
        return RedisConnect.bounded(client, StringCodec.UTF8, uri);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
