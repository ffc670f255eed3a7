package io.theeye.cli;

import io.theeye.backfill.Backfill;
import io.theeye.backfill.BackfillRange;
import io.theeye.backfill.BackfillRefused;
import io.theeye.exporter.ExporterProperties;
import io.theeye.store.ExportProgressStore;
import io.theeye.store.ReceivedEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        description = {
            "Export the events received in a range once, as Parquet files in the continuous export's layout, to a"
                    + " folder or S3-compatible storage, then exit (a backfill).",
            "Refuses a destination that is or contains a continuous export's: give the backfill a prefix of its own."
                    + " Run again with the same range, it replaces its own files."
        },
        mixinStandardHelpOptions = true)
class ExportCommand implements Callable<Integer> {

    @Mixin
    private Tool tool;

    @Mixin
    private JsonOutput.OneObject json;

    @Option(
            names = "--destination",
            required = true,
            paramLabel = "URL",
            description = "file:///path/to/folder or s3://bucket/prefix (S3 reached as the exporter's"
                    + " THE_EYE_EXPORT_S3_* and AWS_* settings say).")
    private String destination;

    @Option(names = "--client-id", paramLabel = "CLIENT_ID", description = "Only this client's events.")
    private UUID clientId;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            converter = RejectedCommand.InstantConverter.class,
            description = "Only those received at or after this time (ISO-8601; naive is UTC). Default: the first.")
    private Instant from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            converter = RejectedCommand.InstantConverter.class,
            description = "Only those received before this time. Default: up to now.")
    private Instant to;

    @Override
    public Integer call() throws IOException {
        URI url = url();
        BackfillRange range;
        try {
            range = new BackfillRange(clientId, from, to);
        } catch (IllegalArgumentException e) {
            throw tool.usage("--from must be before --to");
        }
        Backfill.Summary summary;
        try {
            summary = tool.withContext(context -> {
                Backfill backfill = new Backfill(
                        context.getBean(ReceivedEvents.class),
                        context.getBean(ExportProgressStore.class),
                        context.getBean(ExporterProperties.class));
                ProgressBar bar = ProgressBar.onTerminal(tool.err());
                try {
                    return backfill.run(url, range, bar == null ? done -> {} : bar);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    if (bar != null) {
                        bar.finish();
                    }
                }
            });
        } catch (BackfillRefused e) {
            throw tool.usage(e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return json.print(
                () -> JsonOutput.object(
                        "destination",
                        url.toString(),
                        "client_id",
                        clientId == null ? null : clientId.toString(),
                        "from",
                        from == null ? null : from.toString(),
                        "to",
                        to == null ? null : to.toString(),
                        "file_name",
                        range.fileName() + ".parquet",
                        "events",
                        summary.events(),
                        "files",
                        summary.files(),
                        "bytes",
                        summary.bytes()),
                out -> out.printf(
                        "Exported %,d events (%s) in %,d files, %,d bytes, to %s as %s.parquet in each partition.%n",
                        summary.events(), range.describe(), summary.files(), summary.bytes(), url, range.fileName()));
    }

    private URI url() {
        try {
            return new URI(destination.strip());
        } catch (URISyntaxException e) {
            throw tool.usage("--destination: not a URL (" + e.getMessage() + "): file:///path/to/folder or"
                    + " s3://bucket/prefix");
        }
    }
}
