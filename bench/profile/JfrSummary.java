import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went, for bench/run.sh's BENCH_PROFILE: each execution sample is counted at its
 * innermost frame that belongs to a known library or to The Eye (frames of the JDK itself are attributed to whatever
 * called them), and the innermost non-JDK methods are listed. Run as a single-file program:
 * {@code java bench/profile/JfrSummary.java recording.jfr [seconds]}; with seconds, only the samples from that many
 * seconds after the first (past the service's start, say). Prints markdown.
 */
public class JfrSummary {

    /** Package prefixes to the part of the stack they stand for; the first that matches wins. */
    private static final Map<String, String> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("io.theeye.ingest.", "The Eye: ingest edge, parsing and checks");
        PARTS.put("io.theeye.auth.", "The Eye: token check");
        PARTS.put("io.theeye.store.", "The Eye: group commit (store)");
        PARTS.put("io.theeye.worker.", "The Eye: group commit (worker)");
        PARTS.put("io.theeye.queue.", "The Eye: queue");
        PARTS.put("io.theeye.query.", "The Eye: read API");
        PARTS.put("io.theeye.", "The Eye: other");
        PARTS.put("org.apache.catalina.", "Tomcat");
        PARTS.put("org.apache.coyote.", "Tomcat");
        PARTS.put("org.apache.tomcat.", "Tomcat");
        PARTS.put("org.eclipse.jetty.", "Jetty");
        PARTS.put("org.springframework.security.", "Spring Security");
        PARTS.put("org.springframework.web.servlet.", "Spring MVC");
        PARTS.put("org.springframework.web.", "Spring web/HTTP");
        PARTS.put("org.springframework.http.", "Spring web/HTTP");
        PARTS.put("org.springframework.jdbc.", "Spring JDBC and transactions");
        PARTS.put("org.springframework.transaction.", "Spring JDBC and transactions");
        PARTS.put("org.springframework.", "Spring, other");
        PARTS.put("io.micrometer.", "Micrometer");
        PARTS.put("tools.jackson.", "Jackson");
        PARTS.put("com.fasterxml.jackson.", "Jackson");
        PARTS.put("com.nimbusds.", "JWT (Nimbus)");
        PARTS.put("com.github.benmanes.caffeine.", "Caffeine");
        PARTS.put("org.postgresql.", "PostgreSQL driver");
        PARTS.put("org.sqlite.", "SQLite driver and engine");
        PARTS.put("com.zaxxer.hikari.", "HikariCP");
        PARTS.put("ch.qos.logback.", "Logging");
        PARTS.put("org.slf4j.", "Logging");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java JfrSummary.java recording.jfr [seconds]");
            System.exit(2);
        }
        Instant from = args.length == 2 ? firstSample(Path.of(args[0])).plusSeconds(Long.parseLong(args[1])) : null;
        Map<String, Integer> parts = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        int total = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStackTrace() == null
                        || (from != null && event.getStartTime().isBefore(from))) {
                    continue;
                }
                total++;
                String part = "JDK only (no library frame)";
                String method = null;
                for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                    String type = frame.getMethod().getType().getName();
                    String found = partOf(type);
                    if (found != null) {
                        part = found;
                        method = type + "." + frame.getMethod().getName();
                        break;
                    }
                }
                parts.merge(part, 1, Integer::sum);
                if (method != null) {
                    methods.merge(method, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%d execution samples%n%n| part of the stack | samples | %% |%n|---|---:|---:|%n", total);
        print(parts, total, 30);
        System.out.printf("%n| innermost library method | samples | %% |%n|---|---:|---:|%n");
        print(methods, total, 25);
    }

    private static Instant firstSample(Path path) throws Exception {
        Instant first = Instant.MAX;
        try (RecordingFile recording = new RecordingFile(path)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample")
                        && event.getStartTime().isBefore(first)) {
                    first = event.getStartTime();
                }
            }
        }
        return first;
    }

    private static String partOf(String type) {
        for (Map.Entry<String, String> part : PARTS.entrySet()) {
            if (type.startsWith(part.getKey())) {
                return part.getValue();
            }
        }
        return null;
    }

    private static void print(Map<String, Integer> counts, int total, int limit) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            System.out.printf(
                    "| %s | %d | %.1f |%n", entry.getKey().replace("|", "\\|"), entry.getValue(), 100.0 * entry.getValue() / total);
        }
    }
}
