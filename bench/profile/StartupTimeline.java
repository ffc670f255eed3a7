import io.theeye.cli.Cli;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * A start-up timeline of a {@code the-eye} command: runs it as bin/the-eye would, recording each step of Spring's
 * start (environment, configuration classes, each bean made, the lifecycle's phases) with the wall time and the CPU
 * time of the thread that ran it, and prints to standard error the steps that took at least {@code -Dtimeline.min-ms}
 * (default 10) of CPU, nested as they ran. CPU times say where the time goes even on a busy machine, where wall
 * times are mostly waiting for a core. The server's timeline is printed once it is ready; it keeps running.
 * Compile against the extracted jar of the start cache and run beside it, e.g.:
 *
 * <pre>
 * javac -cp target/start/KEY/app/the-eye.jar -d /tmp/timeline bench/profile/StartupTimeline.java
 * java -XX:AOTCache=target/start/KEY/server.aot -cp target/start/KEY/app/the-eye.jar:/tmp/timeline StartupTimeline serve
 * java -XX:TieredStopAtLevel=1 -XX:AOTCache=target/start/KEY/command.aot -cp ... StartupTimeline clients list
 * </pre>
 *
 * (the server's archive for serve, worker and exporter, the commands' for the others, as bin/the-eye picks them).
 */
public class StartupTimeline {

    private static final long MIN_NANOS = Duration.ofMillis(Long.getLong("timeline.min-ms", 10)).toNanos();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long JVM_START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();

    public static void main(String[] args) {
        mark("main");
        Recorder recorder = new Recorder();
        int code = SpringApplication.withHook(
                application -> {
                    application.setApplicationStartup(recorder);
                    return new SpringApplicationRunListener() {
                        @Override
                        public void starting(ConfigurableBootstrapContext bootstrapContext) {
                            mark("spring starting");
                        }

                        @Override
                        public void environmentPrepared(
                                ConfigurableBootstrapContext bootstrapContext, ConfigurableEnvironment environment) {
                            mark("environment prepared");
                        }

                        @Override
                        public void contextLoaded(ConfigurableApplicationContext context) {
                            mark("context loaded");
                        }

                        @Override
                        public void started(ConfigurableApplicationContext context, Duration timeTaken) {
                            mark("started");
                        }

                        @Override
                        public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
                            mark("ready");
                            recorder.print();
                        }
                    };
                },
                () -> Cli.run(args));
        mark("done");
        System.exit(code);
    }

    /** The wall time since the JVM started and the CPU time of this thread and of the whole process. */
    static void mark(String what) {
        System.err.printf(
                "timeline: %-22s wall %6d ms, this thread's CPU %6d ms, process CPU %6d ms%n",
                what,
                System.currentTimeMillis() - JVM_START_MILLIS,
                THREADS.getCurrentThreadCpuTime() / 1_000_000,
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1_000_000);
    }

    /** Records steps with their wall and CPU times, each nested in the step that ran when it started. */
    static final class Recorder implements ApplicationStartup {

        private final AtomicLong ids = new AtomicLong();
        private final List<Step> steps = new ArrayList<>();
        private final ThreadLocal<Deque<Step>> running = ThreadLocal.withInitial(ArrayDeque::new);

        @Override
        public StartupStep start(String name) {
            Deque<Step> stack = running.get();
            Step parent = stack.peek();
            Step step = new Step(
                    this,
                    ids.incrementAndGet(),
                    parent == null ? null : parent.id,
                    parent == null ? 0 : parent.depth + 1,
                    name);
            stack.push(step);
            synchronized (steps) {
                steps.add(step);
            }
            return step;
        }

        void ended(Step step) {
            running.get().remove(step);
        }

        void print() {
            System.err.printf(
                    "timeline: steps of %d ms of CPU or more (wall start since the JVM's, wall, CPU; thread):%n",
                    MIN_NANOS / 1_000_000);
            synchronized (steps) {
                for (Step step : steps) {
                    if (step.cpuNanos < MIN_NANOS) {
                        continue;
                    }
                    System.err.printf(
                            "%6d %6d %6d  %s%s%s  [%s]%n",
                            step.wallStartMillis - JVM_START_MILLIS,
                            step.wallNanos / 1_000_000,
                            step.cpuNanos / 1_000_000,
                            "  ".repeat(step.depth),
                            step.name,
                            step.tags,
                            step.thread);
                }
            }
        }
    }

    static final class Step implements StartupStep {

        private final Recorder recorder;
        final long id;
        final Long parentId;
        final int depth;
        final String name;
        final String thread = Thread.currentThread().getName();
        final long wallStartMillis = System.currentTimeMillis();
        private final long wallStart = System.nanoTime();
        private final long cpuStart = THREADS.getCurrentThreadCpuTime();
        final StringBuilder tags = new StringBuilder();
        private final List<Tag> tagList = new ArrayList<>();
        long wallNanos = -1;
        long cpuNanos = -1;

        Step(Recorder recorder, long id, Long parentId, int depth, String name) {
            this.recorder = recorder;
            this.id = id;
            this.parentId = parentId;
            this.depth = depth;
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public Long getParentId() {
            return parentId;
        }

        @Override
        public StartupStep tag(String key, String value) {
            String shown = value.length() > 110 ? value.substring(0, 107) + "..." : value;
            tags.append(' ').append(key).append('=').append(shown);
            tagList.add(new Tag() {
                @Override
                public String getKey() {
                    return key;
                }

                @Override
                public String getValue() {
                    return value;
                }
            });
            return this;
        }

        @Override
        public StartupStep tag(String key, Supplier<String> value) {
            return tag(key, value.get());
        }

        @Override
        public Tags getTags() {
            return () -> {
                Iterator<Tag> tags = tagList.iterator();
                return tags;
            };
        }

        @Override
        public void end() {
            wallNanos = System.nanoTime() - wallStart;
            cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            recorder.ended(this);
        }
    }
}
