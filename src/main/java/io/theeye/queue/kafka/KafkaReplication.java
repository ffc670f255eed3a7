package io.theeye.queue.kafka;

import io.theeye.queue.BrokerDurability;

/**
 * Reads whether the topic keeps what was acknowledged when a broker is lost. The producer asks for {@code acks=all}:
 * every in-sync replica has the records before they are acknowledged. But the in-sync replicas may shrink to the
 * leader alone, and then {@code min.insync.replicas} decides: with 1 the leader alone acknowledges, and losing it
 * before a follower caught up loses what it acknowledged. Kafka does not fsync before acknowledging either (its
 * durability is replication), so with more than one broker The Eye wants each record on two of them at least: a
 * replication factor and a {@code min.insync.replicas} of 2 or more. A cluster of one broker can do no better: it is
 * not reported (see docs/production.md).
 */
final class KafkaReplication implements BrokerDurability.Probe {

    private final KafkaTopic topic;

    KafkaReplication(KafkaTopic topic) {
        this.topic = topic;
    }

    @Override
    public BrokerDurability.Reading read() throws Exception {
        topic.ensure();
        return reading(topic.name(), topic.replication());
    }

    static BrokerDurability.Reading reading(String name, KafkaTopic.Replication replication) {
        String settings = "min.insync.replicas=" + replication.minInsyncReplicas() + ", replication factor "
                + replication.replicationFactor() + ", " + replication.brokers() + " brokers";
        if (replication.brokers() < 2) {
            return new BrokerDurability.Reading(
                    true, "Kafka topic " + name + " is on a single broker (" + settings + "): nothing to replicate to");
        }
        if (replication.replicationFactor() < 2) {
            return new BrokerDurability.Reading(
                    false,
                    "Kafka topic " + name + " keeps each record on one broker (" + settings + "): events answered 202"
                            + " are lost with that broker. Give the topic replicas (THE_EYE_KAFKA_REPLICATION_FACTOR"
                            + " when The Eye creates it, kafka-reassign-partitions otherwise) and"
                            + " min.insync.replicas=2.");
        }
        if (replication.minInsyncReplicas() < 2) {
            return new BrokerDurability.Reading(
                    false,
                    "Kafka topic " + name + " lets its leader alone acknowledge records (" + settings + "): events"
                            + " answered 202 while the other replicas lag are lost with the leader. Set"
                            + " min.insync.replicas=2 on the topic.");
        }
        return new BrokerDurability.Reading(
                true,
                "Kafka topic " + name + " acknowledges records once " + replication.minInsyncReplicas()
                        + " brokers have them at least (" + settings + ")");
    }
}
