package io.theeye.admin;

import io.theeye.support.TestBrokers;
import java.util.Map;
import java.util.UUID;

class RedisWorkersBrowserIntegrationTests extends WorkersBrowserIntegrationTestCases {

    @Override
    Map<String, String> brokerEnvironment() {
        return Map.of(
                "THE_EYE_QUEUE",
                "redis",
                "THE_EYE_REDIS_URL",
                TestBrokers.redis(),
                "THE_EYE_REDIS_STREAM",
                "the-eye-test:" + UUID.randomUUID());
    }

    @Override
    String waitingDetailPattern() {
        return "stream entries: \\d+ pending, stream length \\d+";
    }
}
