package io.quanyu.bench;

/** Runs every benchmark in turn: {@code bench/run [single-count] [bulk-batches]}. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        RecordWriteBenchmark.main(args);
        System.out.println();
        GraphqlBenchmark.main(new String[0]);
        System.out.println();
        PluginBenchmark.main(new String[0]);
        System.out.println();
        PluginStoreBenchmark.main(new String[0]);
        System.out.println();
        GuardedIncrementBenchmark.main(new String[0]);
        System.out.println();
        EventSeamBenchmark.main(new String[0]);
        System.out.println();
        PluginSubscriberBenchmark.main(new String[0]);
        System.out.println();
        SchedulingBenchmark.main(new String[0]);
        System.out.println();
        DeliveryBenchmark.main(new String[0]);
        System.out.println();
        SegmentBenchmark.main(new String[0]);
        System.out.println();
        SegmentCountBenchmark.main(new String[0]);
        System.out.println();
        JourneyBenchmark.main(new String[0]);
        System.out.println();
        CouponBenchmark.main(new String[0]);
        System.out.println();
        LoyaltyBenchmark.main(new String[0]);
    }
}
