package io.theeye.sdk;

import io.theeye.support.ApiClient;
import io.theeye.support.NpmPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * One run of a script of {@code src/test/resources/sdk}: another's SDK, as published, sending calls to the running
 * application, and what it printed (each request it made, each answer it got, each call it reported delivered). A run
 * whose SDK reported an error fails.
 */
record SdkRun(List<JsonNode> requests, List<JsonNode> responses, List<JsonNode> delivered) {

    private static final Path SCRIPTS = Path.of("src", "test", "resources", "sdk");

    /**
     * Runs {@code node SCRIPT HOST WRITE_KEY FLUSH_AT CALLS} in the folder holding {@code node_modules}.
     *
     * @param calls a JSON array of {@code [method, params]}, each made on the SDK in turn
     */
    static SdkRun of(String script, String host, String writeKey, int flushAt, String calls) {
        Path folder = NpmPackages.install();
        try {
            Path out = Files.createTempFile("the-eye-sdk", ".out");
            Path err = Files.createTempFile("the-eye-sdk", ".err");
            try {
                Process node = new ProcessBuilder(
                                "node",
                                SCRIPTS.resolve(script).toAbsolutePath().toString(),
                                host,
                                writeKey,
                                String.valueOf(flushAt),
                                calls)
                        .directory(folder.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!node.waitFor(2, TimeUnit.MINUTES)) {
                    node.destroyForcibly();
                    throw new AssertionError(script + " did not finish within 2 minutes:\n" + Files.readString(err));
                }
                String printed = Files.readString(out);
                if (node.exitValue() != 0) {
                    throw new AssertionError(
                            script + " exited with " + node.exitValue() + ":\n" + printed + Files.readString(err));
                }
                return read(printed);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SdkRun read(String printed) {
        List<JsonNode> requests = new ArrayList<>();
        List<JsonNode> responses = new ArrayList<>();
        List<JsonNode> delivered = new ArrayList<>();
        printed.lines().filter(line -> !line.isBlank()).map(ApiClient::json).forEach(line -> {
            if (line.has("request")) {
                requests.add(line.get("request"));
            } else if (line.has("response")) {
                responses.add(line.get("response"));
            } else if (line.has("delivered")) {
                delivered.add(line.get("delivered"));
            } else {
                throw new AssertionError("unexpected line from the script: " + line);
            }
        });
        return new SdkRun(requests, responses, delivered);
    }

    /** Every message the SDK posted, as it posted them, in the order of its requests. */
    List<JsonNode> messages() {
        List<JsonNode> messages = new ArrayList<>();
        requests.forEach(request -> request.get("body").get("batch").forEach(messages::add));
        return messages;
    }
}
