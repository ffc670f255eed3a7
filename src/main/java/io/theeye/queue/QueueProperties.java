package io.theeye.queue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How accepted events travel to storage.
 *
 * @param type the backend: {@code direct} (no broker), {@code redis} or {@code kafka}
 * @param publishTimeout with a broker: how long a request waits for the broker's acknowledgement before it is
 *     answered 503
 * @param signingKey with a broker, required: the keys batches on it are signed with (HMAC-SHA256), each at least 32
 *     bytes of UTF-8, shared by API processes and workers; the first signs, every one verifies, so that a key can be
 *     replaced. The {@code direct} queue does not use it.
 * @param acceptUnsigned with a broker: workers store batches of the unsigned wire format (version 1) too, for an
 *     upgrade from API processes that did not sign; off otherwise, since anyone who can write to the broker could
 *     then store events as any client
 * @param direct settings of the {@code direct} backend
 * @param redis settings of the {@code redis} backend
 * @param kafka settings of the {@code kafka} backend
 */
@Validated
@ConfigurationProperties("the-eye.queue")
public record QueueProperties(
        @NotNull QueueType type,
        @NotNull Duration publishTimeout,
        List<String> signingKey,
        boolean acceptUnsigned,
        @Valid Direct direct,
        @Valid Redis redis,
        @Valid Kafka kafka) {

    private static final int MIN_KEY_BYTES = 32;

    public QueueProperties {
        signingKey = signingKey == null ? List.of() : List.copyOf(signingKey);
        if (type != null && type != QueueType.DIRECT) {
            String setting = "the-eye.queue.signing-key (THE_EYE_QUEUE_SIGNING_KEY)";
            if (signingKey.isEmpty()) {
                throw new IllegalArgumentException(setting + " is required with the-eye.queue.type="
                        + type.name().toLowerCase(Locale.ROOT)
                        + ": API processes sign the batches they put on the broker with it, and workers store only"
                        + " batches they can verify. Give every API process and worker the same secret of at least "
                        + MIN_KEY_BYTES + " bytes (openssl rand -base64 48 makes one)");
            }
            for (int i = 0; i < signingKey.size(); i++) {
                int bytes = signingKey.get(i).getBytes(StandardCharsets.UTF_8).length;
                if (bytes < MIN_KEY_BYTES) {
                    // Its length only: the key itself must not reach a log.
                    throw new IllegalArgumentException(setting + ": key " + (i + 1) + " of " + signingKey.size()
                            + " has " + bytes + " bytes of UTF-8; each key needs at least " + MIN_KEY_BYTES);
                }
            }
        }
    }

    /** Without the keys: a record prints its components, and these are secrets. */
    @Override
    public String toString() {
        return "QueueProperties[type=" + type + ", publishTimeout=" + publishTimeout + ", signingKey=("
                + signingKey.size() + " keys), acceptUnsigned=" + acceptUnsigned + ", direct=" + direct + ", redis="
                + redis + ", kafka=" + kafka + "]";
    }

    /**
     * The {@code direct} backend's group commit.
     *
     * @param capacity most events waiting for a writer; past it, requests get 503
     * @param capacityBytes most memory the events waiting for a writer may hold (as {@link
     *     io.theeye.event.IngestBatch#estimatedBytes()} counts it); past it, requests get 503
     */
    public record Direct(@Min(1) int capacity, @NotNull DataSize capacityBytes) {

        public Direct {
            if (capacityBytes != null && capacityBytes.toBytes() < 1) {
                throw new IllegalArgumentException(
                        "the-eye.queue.direct.capacity-bytes (THE_EYE_QUEUE_DIRECT_CAPACITY_BYTES) must be positive");
            }
        }
    }

    /**
     * Redis Streams.
     *
     * @param url the server, {@code redis://host:port} (or {@code rediss://} for TLS, with a password as
     *     {@code redis://:password@host:port})
     * @param stream the stream batches are added to
     * @param group the consumer group every worker reads the stream through
     * @param claimIdle how long an entry handed to a worker may stay unacknowledged before another worker claims it
     *     (the first worker is presumed dead)
     * @param batchEntries most stream entries (each a request's batch) a worker reads at once
     * @param requireDurable API processes refuse to start (and, should it change, to publish) unless Redis writes
     *     every event to disk before it answers ({@code appendonly yes}, {@code appendfsync always})
     * @param waitReplicas API processes answer 202 only once this many replicas confirm they have the events
     *     ({@code WAIT}); 0 does not wait
     */
    public record Redis(
            @NotNull URI url,
            @NotBlank String stream,
            @NotBlank String group,
            @NotNull Duration claimIdle,
            @Min(1) int batchEntries,
            boolean requireDurable,
            @Min(0) int waitReplicas) {}

    /**
     * Kafka.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param topic the topic batches are produced to; created with {@code partitions} partitions if missing
     * @param partitions partitions of the topic when The Eye creates it: the most workers that can share the work
     * @param replicationFactor replicas of the topic when The Eye creates it; 0 leaves it to the broker's default
     * @param group the consumer group of the workers
     * @param properties Kafka client properties given to the producer, the consumers and the admin client after The
     *     Eye's own (for SASL and TLS, say: {@code the-eye.queue.kafka.properties.security.protocol=SASL_SSL}), with
     *     those of {@code clientProperties} added
     * @param clientProperties more of them as one value, {@code key=value,key=value} (for an environment variable);
     *     a value may hold commas, but no comma followed by {@code name=}; these win over {@code properties}
     */
    public record Kafka(
            @NotBlank String bootstrapServers,
            @NotBlank String topic,
            @Min(1) int partitions,
            @Min(0) int replicationFactor,
            @NotBlank String group,
            Map<String, String> properties,
            String clientProperties) {

        /**
         * What The Eye's guarantees and bookkeeping rest on: acknowledged by every in-sync replica and idempotent,
         * offsets committed only after the database commit, from the start of a new group, one client id per worker.
         */
        static final Set<String> OWN = Set.of(
                "bootstrap.servers",
                "group.id",
                "client.id",
                "acks",
                "enable.idempotence",
                "enable.auto.commit",
                "auto.offset.reset",
                "key.serializer",
                "value.serializer",
                "key.deserializer",
                "value.deserializer");

        /** A comma that starts the next {@code name=}: a value may hold other commas (a list of protocols, say). */
        private static final Pattern NEXT = Pattern.compile(",(?=\\s*[A-Za-z][A-Za-z0-9._-]*\\s*=)");

        public Kafka {
            Map<String, String> merged = new LinkedHashMap<>(properties == null ? Map.of() : properties);
            clientProperties = clientProperties == null ? "" : clientProperties;
            if (!clientProperties.isBlank()) {
                String[] entries = NEXT.split(clientProperties.strip());
                for (int i = 0; i < entries.length; i++) {
                    int equals = entries[i].indexOf('=');
                    if (equals < 1 || entries[i].substring(0, equals).isBlank()) {
                        // Its place only: the entry may hold a password.
                        throw new IllegalArgumentException(
                                "the-eye.queue.kafka.client-properties (THE_EYE_KAFKA_CLIENT_PROPERTIES): entry "
                                        + (i + 1) + " is not key=value");
                    }
                    merged.put(
                            entries[i].substring(0, equals).strip(),
                            entries[i].substring(equals + 1).strip());
                }
            }
            for (String key : merged.keySet()) {
                if (OWN.contains(key)) {
                    throw new IllegalArgumentException("the-eye.queue.kafka.properties and"
                            + " the-eye.queue.kafka.client-properties (THE_EYE_KAFKA_CLIENT_PROPERTIES) may not set "
                            + key
                            + ": The Eye sets it itself (bootstrap servers and group have settings of their own)");
                }
            }
            properties = Map.copyOf(merged);
        }

        /** Without the properties' values: they may hold passwords (sasl.jaas.config, ssl.keystore.password). */
        @Override
        public String toString() {
            return "Kafka[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", partitions=" + partitions
                    + ", replicationFactor=" + replicationFactor + ", group=" + group + ", properties="
                    + properties.keySet() + "]";
        }
    }
}
