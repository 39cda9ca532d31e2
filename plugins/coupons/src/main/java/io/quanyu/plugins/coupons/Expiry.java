package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The job that ends what time has ended ({@value #JOB}, every five minutes): claimed (or issued) coupons past their
 * {@code expiresAt} become expired (one guarded update each, so a coupon redeemed or gifted meanwhile is left as it
 * is), with {@code coupon.expired} on the holder's timeline; active or paused templates past their {@code validTo}
 * become ended. A run stops a few seconds before its deadline and the next run goes on; a coupon reserved or offered
 * as a gift when its time ends expires once its reservation or offer ends.
 */
public final class Expiry {
    static final String JOB = "expireCoupons";
    private static final int PAGE = 200;
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private Expiry() {
    }

    /** Expires the claimed coupons whose time ended by {@code now}; answers how many it expired. */
    static int expire(PluginContext context, Instant now) {
        Records records = context.records();
        Map<String, Object> due = Coupons.and(Map.of("field", "status", "op", "in", "value", List.of(Coupons.CLAIMED, Batches.ISSUED)),
                Map.of("field", "expiresAt", "op", "lte", "value", now.toString()));
        int expired = 0;
        while (Instant.now().plus(MARGIN).isBefore(context.deadline())) { // the deadline is the wall clock's
            List<Map<String, Object>> page = records.find(Coupons.OBJECT, due, List.of(Records.Sort.ascending("expiresAt")),
                    PAGE, null).records();
            for (Map<String, Object> coupon : page) {
                var taken = records.updateWhere(Coupons.OBJECT, (String) coupon.get("_id"), due,
                        Map.of("status", Coupons.EXPIRED, "expiredAt", now.toString()));
                if (taken.isPresent()) {
                    expired++;
                    InWeChat.follow(context, taken.get(), InWeChat.UNAVAILABLE);
                    if (coupon.get("customerId") != null) {
                        CouponEvents.track(context, "coupon.expired", coupon.get("_id"), taken.get(), Map.of());
                    }
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return expired;
    }

    /** Ends the active and paused templates whose {@code validTo} passed by {@code now}; answers how many. */
    static int end(Records records, Instant now) {
        Map<String, Object> over = Coupons.and(Map.of("field", "status", "op", "in", "value",
                List.of(Templates.ACTIVE, Templates.PAUSED)), Map.of("field", "validTo", "op", "lte", "value", now.toString()));
        int ended = 0;
        for (Map<String, Object> template : records.find(Templates.OBJECT, over, PAGE, null).records()) {
            if (records.updateWhere(Templates.OBJECT, (String) template.get("_id"), over, Map.of("status", Templates.ENDED)).isPresent()) {
                ended++;
            }
        }
        return ended;
    }

    @Extension
    public static class Job implements ScheduledJob {
        @Override
        public String name() {
            return JOB;
        }

        @Override
        public JobResult run(JobRequest request) {
            PluginContext context = request.context();
            Instant now = context.now();
            int ended = end(context.records(), now);
            int expired = expire(context, now);
            return JobResult.ok("expired " + expired + " coupons, ended " + ended + " templates");
        }
    }
}
