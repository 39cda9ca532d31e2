package io.quanyu.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints where a service pass of {@link IngestBenchmark} spent its time, in microseconds per event: {@code track}
 * against the inline pure {@code insertMany} of the same batches, and {@code track}'s MongoDB round trips grouped by
 * what they do (the rest is Java in the benchmark's process: parsing, resolution and folding).
 */
final class ServiceBreakdown {

    private ServiceBreakdown() {
    }

    static void print(String pass, IngestBenchmark.ServicePass p) {
        double n = p.events();
        double track = p.trackNanos() / 1e3 / n;
        double insert = p.insertNanos() / 1e3 / n;
        System.out.printf("%nWhere track() spent its time, %s (us per event; round trips from a driver CommandListener):%n", pass);
        System.out.printf("  %-58s %8.1f%n", "track() total", track);
        System.out.printf("  %-58s %8.1f%n", "pure insertMany of the same batch's documents, timed inline", insert);
        System.out.printf("  %-58s %8.1f  (%.0f%% of track)%n", "=> cost beyond the event write (track - insertMany)", track - insert,
                100 * (track - insert) / track);
        Map<String, CommandTimes.Total> groups = groups(p.commands());
        long roundTrips = groups.values().stream().mapToLong(CommandTimes.Total::nanos).sum();
        groups.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, CommandTimes.Total> e) -> e.getValue().nanos()).reversed())
                .forEach(e -> System.out.printf("  %-58s %8.1f  (%.0f%%, %d calls)%n", e.getKey(), e.getValue().nanos() / 1e3 / n,
                        100.0 * e.getValue().nanos() / p.trackNanos(), e.getValue().calls()));
        double java = (p.trackNanos() - roundTrips) / 1e3 / n;
        System.out.printf("  %-58s %8.1f  (%.0f%%)%n", "Java in process (track - all round trips)", java, 100 * java / track);
        long writes = p.commands().entrySet().stream().filter(e -> !e.getKey().startsWith("find "))
                .mapToLong(e -> e.getValue().nanos()).sum();
        System.out.printf("  => MongoDB round trips are %.0f%% of track() (its writes alone %.0f%%), Java %.0f%%%n",
                100.0 * roundTrips / p.trackNanos(), 100.0 * writes / p.trackNanos(), 100 * java / track);
        double aggregates = sum(groups, "aggregates:") / 1e3 / n;
        System.out.printf("  %-58s %8.1f  (%.0f%% of track; the fold itself is in the Java line)%n",
                "aggregate update round trips (read and save profiles, open and close the batch)", aggregates, 100 * aggregates / track);
        System.out.println("  by command:");
        p.commands().forEach((command, t) -> System.out.printf("    %-40s %7d calls %9.1f ms %8.1f us/event%n",
                command, t.calls(), t.nanos() / 1e6, t.nanos() / 1e3 / n));
    }

    private static Map<String, CommandTimes.Total> groups(Map<String, CommandTimes.Total> commands) {
        Map<String, CommandTimes.Total> out = new LinkedHashMap<>();
        commands.forEach((command, total) -> out.merge(group(command), total, CommandTimes.Total::plus));
        return out;
    }

    private static String group(String command) {
        return switch (command) {
            case "insert c360_events" -> "event write (insert c360_events)";
            case "find c360_events" -> "duplicate check (find c360_events)";
            case "find c360_identities" -> "identity lookup (find c360_identities)";
            case "insert c360_identities" -> "identity claims (insert c360_identities)";
            case "insert c360_profiles" -> "new profiles (insert c360_profiles)";
            case "find c360_profiles" -> "aggregates: read profiles (find c360_profiles)";
            case "update c360_profiles" -> "aggregates: save profiles (update c360_profiles)";
            case "insert c360_batches" -> "aggregates: open the batch (insert c360_batches)";
            case "update c360_batches" -> "aggregates: close the batch (update c360_batches)";
            default -> command.contains(" c360_") ? "other customer 360 (" + command + ")"
                    : "records service: new customer records and their bookkeeping";
        };
    }

    private static long sum(Map<String, CommandTimes.Total> groups, String prefix) {
        return groups.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().nanos()).sum();
    }
}
