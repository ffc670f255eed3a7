package io.theeye.replay;

import java.util.Map;

/**
 * What a replay did.
 *
 * @param stored refused events that now pass: stored (once, whatever replays came before) and gone from the list
 * @param stillRefused those that fail again: still in the list, with their new errors
 * @param notReplayable those that cannot be sent through validation again, by reason; left as they were
 */
public record ReplayReport(int stored, int stillRefused, Map<String, Integer> notReplayable) {

    public ReplayReport {
        notReplayable = Map.copyOf(notReplayable);
    }

    public int skipped() {
        return notReplayable.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line for people: the command's answer and the audit log's details. */
    public String summary() {
        StringBuilder text = new StringBuilder(
                stored + " stored, " + stillRefused + " still refused, " + skipped() + " not replayable");
        if (!notReplayable.isEmpty()) {
            text.append(" (");
            notReplayable.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(reason -> text.append(reason.getValue())
                            .append(' ')
                            .append(reason.getKey())
                            .append("; "));
            text.setLength(text.length() - 2);
            text.append(')');
        }
        return text.toString();
    }
}
