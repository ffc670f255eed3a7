package io.theeye.cli;

import io.theeye.fleet.Fleet;
import io.theeye.fleet.Member;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "workers",
        description = "See the deployment's processes: API processes (serve) and workers, as the admin dashboard does.",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "list")
class WorkersCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: list");
    }

    @Command(
            name = "list",
            description = {
                "List the processes registered in the database: live, or lost once silent for longer than",
                "THE_EYE_WORKER_HEARTBEAT_TIMEOUT (forgotten after a day); a process that stopped cleanly is gone."
            },
            mixinStandardHelpOptions = true)
    static class ListWorkers implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array, one object per process, instead of a table.")
        private boolean json;

        ListWorkers(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            List<Member> members;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                members = context.getBean(Fleet.class).members();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonMapper.shared()
                        .writeValueAsString(
                                members.stream().map(WorkersCommand::summary).toList()));
                return 0;
            }
            String format = "%-36s  %-6s  %-20s  %-7s  %-11s  %-27s  %-27s  %-5s  %9s  %11s  %8s  %8s%n";
            out.printf(
                    format,
                    "ID",
                    "ROLE",
                    "HOST",
                    "PID",
                    "VERSION",
                    "STARTED",
                    "LAST_SEEN",
                    "STATE",
                    "BATCHES",
                    "EVENTS",
                    "FAILURES",
                    "RESTARTS");
            for (Member member : members) {
                out.printf(
                        format,
                        member.id(),
                        member.role(),
                        member.host(),
                        member.pid(),
                        member.version(),
                        member.startedAt(),
                        member.lastSeen(),
                        member.state().label(),
                        member.batchesStored(),
                        member.eventsStored(),
                        member.failures(),
                        member.restarts());
            }
            return 0;
        }
    }

    private static Map<String, Object> summary(Member member) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", member.id());
        summary.put("role", member.role());
        summary.put("host", member.host());
        summary.put("pid", member.pid());
        summary.put("version", member.version());
        summary.put("started_at", member.startedAt().toString());
        summary.put("last_seen", member.lastSeen().toString());
        summary.put("state", member.state().label());
        summary.put("batches_stored", member.batchesStored());
        summary.put("events_stored", member.eventsStored());
        summary.put("failures", member.failures());
        summary.put("restarts", member.restarts());
        summary.put("events_per_second", member.eventsPerSecond());
        return summary;
    }
}
