package io.theeye.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A count of events per bucket from the {@link Rollups}, where the range allows, and from raw rows where it does
 * not: [from, to) is cut into the widest whole buckets each table keeps, no wider than the interval asked (a day of
 * the day table, then hours, then minutes at the edges), and the sub-minute edges left over are counted from
 * {@code events}. The parts are summed per bucket and group, so the answer is the one raw rows give.
 */
final class RollupQuery {

    private final SqlDialect dialect;

    RollupQuery(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * A part of the range and where it is counted.
     *
     * @param table the bucket size of the rollup table that counts it; null: raw rows
     */
    record Part(Interval table, Instant from, Instant to) {}

    /** The parts of [from, to), in time order, for counts per {@code interval}. */
    static List<Part> parts(Instant from, Instant to, Interval interval) {
        List<Interval> sizes = new ArrayList<>();
        for (Interval size : Interval.values()) {
            if (size.compareTo(interval) <= 0) {
                sizes.addFirst(size);
            }
        }
        List<Part> parts = new ArrayList<>();
        split(from, to, sizes, 0, parts);
        return parts;
    }

    private static void split(Instant from, Instant to, List<Interval> sizes, int level, List<Part> parts) {
        if (!from.isBefore(to)) {
            return;
        }
        if (level == sizes.size()) {
            parts.add(new Part(null, from, to));
            return;
        }
        Interval size = sizes.get(level);
        Instant start = ceil(from, size);
        Instant end = floor(to, size);
        if (start.isBefore(end)) {
            split(from, start, sizes, level + 1, parts);
            parts.add(new Part(size, start, end));
            split(end, to, sizes, level + 1, parts);
        } else {
            split(from, to, sizes, level + 1, parts);
        }
    }

    private static Instant floor(Instant instant, Interval size) {
        long seconds = size.length().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    private static Instant ceil(Instant instant, Interval size) {
        Instant floor = floor(instant, size);
        return floor.equals(instant) ? instant : floor.plus(size.length());
    }

    /**
     * A union of the parts' counts: columns {@code bucket} (per {@code interval}, or none when null), then the
     * {@code groupBy} columns, then {@code n}, one row per part, bucket and group (not yet summed across parts).
     *
     * @param dimensions conditions on client, category and name, which both tables have, with their parameters
     *     already in {@code params}
     * @param byName whether the name is grouped by or filtered on; if not, the counts by category alone serve
     */
    String union(
            String dimensions,
            Instant from,
            Instant to,
            Interval interval,
            Interval cut,
            List<String> groupBy,
            boolean byName,
            Map<String, Object> params) {
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        List<String> selects = new ArrayList<>();
        for (Part part : parts(from, to, cut)) {
            int i = selects.size();
            params.put("from" + i, dialect.timestamp(part.from()));
            params.put("to" + i, dialect.timestamp(part.to()));
            if (part.table() == null) {
                String bucket =
                        interval == null ? "" : dialect.rollupBucket(interval, "\"timestamp\"") + " as bucket, ";
                String groupedBucket = interval == null ? "" : dialect.rollupBucket(interval, "\"timestamp\"");
                String grouping = groupedBucket.isEmpty() && groupBy.isEmpty()
                        ? ""
                        : " group by "
                                + (groupedBucket.isEmpty() ? String.join(", ", groupBy) : groupedBucket + groups);
                selects.add("select " + bucket + (groupBy.isEmpty() ? "" : String.join(", ", groupBy) + ", ")
                        + "count(*) as n from events where " + dimensions + " and \"timestamp\" >= :from" + i
                        + " and \"timestamp\" < :to" + i + grouping);
            } else {
                String bucket = interval == null
                        ? ""
                        : (part.table() == interval ? "bucket" : dialect.rollupBucket(interval, "bucket"))
                                + " as bucket, ";
                selects.add("select " + bucket + (groupBy.isEmpty() ? "" : String.join(", ", groupBy) + ", ")
                        + "n from " + Rollups.Table.of(part.table(), byName).name() + " where " + dimensions
                        + " and bucket >= :from" + i
                        + " and bucket < :to" + i);
            }
        }
        if (selects.isEmpty()) {
            // An empty range: a part that counts nothing, so that the statement keeps its shape.
            params.put("from0", dialect.timestamp(from));
            params.put("to0", dialect.timestamp(from));
            String bucket = interval == null ? "" : "bucket, ";
            selects.add("select " + bucket + (groupBy.isEmpty() ? "" : String.join(", ", groupBy) + ", ") + "n from "
                    + Rollups.Table.of(Interval.MINUTE, true).name() + " where " + dimensions
                    + " and bucket >= :from0"
                    + " and bucket < :to0");
        }
        return String.join(" union all ", selects);
    }
}
