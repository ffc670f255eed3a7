package io.theeye.cli;

import io.theeye.fleet.Fleet;
import io.theeye.fleet.Member;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "workers",
        description = "See the deployment's processes: API processes (serve), workers and exporters, as the admin"
                + " dashboard does.",
        synopsisSubcommandLabel = "list",
        subcommands = WorkersCommand.ListWorkers.class)
class WorkersCommand extends CommandGroup {

    @Command(
            name = "list",
            description = {
                "List the processes registered in the database: live, failing (alive, but it says it cannot do its",
                "work, and why: an exporter that cannot write), or lost once silent for longer than",
                "THE_EYE_WORKER_HEARTBEAT_TIMEOUT (forgotten after a day); a process that stopped cleanly is gone."
            },
            mixinStandardHelpOptions = true)
    static class ListWorkers implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private PerProcess json;

        @Override
        public Integer call() {
            List<Member> members = tool.with(Fleet.class, Fleet::members);
            return json.print(
                    () -> members.stream().map(WorkersCommand::summary).toList(), out -> table(out, members));
        }
    }

    /** {@code --json} worded for the processes. */
    static final class PerProcess extends JsonOutput {

        @Option(names = "--json", description = "Print a JSON array, one object per process, instead of a table.")
        @Override
        void json(boolean json) {
            super.json(json);
        }
    }

    private static void table(PrintWriter out, List<Member> members) {
        String format = "%-36s  %-8s  %-20s  %-7s  %-11s  %-27s  %-27s  %-7s  %9s  %11s  %8s  %8s  %s%n";
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
                "RESTARTS",
                "PROBLEM");
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
                    member.restarts(),
                    member.problem() == null ? "" : member.problem());
        }
    }

    private static Map<String, Object> summary(Member member) {
        return JsonOutput.object(
                "id", member.id(),
                "role", member.role(),
                "host", member.host(),
                "pid", member.pid(),
                "version", member.version(),
                "started_at", member.startedAt().toString(),
                "last_seen", member.lastSeen().toString(),
                "state", member.state().label(),
                "batches_stored", member.batchesStored(),
                "events_stored", member.eventsStored(),
                "failures", member.failures(),
                "restarts", member.restarts(),
                "events_per_second", member.eventsPerSecond(),
                "problem", member.problem());
    }
}
