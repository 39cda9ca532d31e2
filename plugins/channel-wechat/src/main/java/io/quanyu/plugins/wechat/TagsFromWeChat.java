package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Job {@code tagsFromWeChat}: what changed in WeChat (its console, other tools on its API) to a synced tag's
 * followers since the last run reaches their customer profiles. For each connected official account and synced tag
 * the run reads the tag's followers, compares them with the last run's ({@link TagSyncState}), and tags the customers
 * of the followers WeChat added and untags those WeChat removed, as this plugin (so {@link TagsToWeChat} does not send
 * them back). A difference the platform's own push explains ({@link TagSyncState#explains}) is passed over. The first run takes WeChat's members as
 * they are; a follower the platform has no customer for is counted, not made.
 */
@Extension
public class TagsFromWeChat implements ScheduledJob {
    static final String NAME = "tagsFromWeChat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JobResult run(JobRequest request) {
        return pullAll(request.context());
    }

    /** Pulls every synced tag of every connected account (the job, and the {@code pullTags} operation). */
    static JobResult pullAll(PluginContext context) {
        WeChatSettings settings = WeChatSettings.from(context.settings());
        if (settings.syncedTags().isEmpty() || settings.accounts().isEmpty()) {
            return JobResult.ok("no synced tags");
        }
        TagSyncState state = new TagSyncState(context.store());
        List<String> lines = new ArrayList<>();
        try {
            for (OfficialAccount account : settings.accounts()) {
                WeChatTags tags = new WeChatTags(new WeChatApi(context, account), context);
                for (String tag : settings.syncedTags()) {
                    lines.add(pull(context.customers(), state, tags, tag).toString());
                }
            }
        } catch (WeChatApiException e) {
            return JobResult.failed("WECHAT_REFUSED", e.getMessage());
        }
        return JobResult.ok(String.join("; ", lines));
    }

    /** What one pull of one tag did. */
    record Pulled(String appId, String tag, int tagged, int untagged, int unknown) {
        @Override
        public String toString() {
            return tag + "@" + appId + ": " + tagged + " tagged, " + untagged + " untagged"
                    + (unknown == 0 ? "" : ", " + unknown + " followers without a customer");
        }
    }

    private static Pulled pull(Customers customers, TagSyncState state, WeChatTags tags, String tag) {
        Instant readAt = Instant.now();
        Set<String> now = tags.find(tag).map(tags::followers).orElse(Set.of());
        Set<String> was = state.snapshot(tags.appId(), tag).map(TagSyncState.Snapshot::openIds).orElse(Set.of());
        int tagged = 0;
        int untagged = 0;
        int unknown = 0;
        Set<String> added = new LinkedHashSet<>(now);
        added.removeAll(was);
        Set<String> removed = new LinkedHashSet<>(was);
        removed.removeAll(now);
        for (String openId : added) {
            if (state.explains(tags.appId(), tag, openId, true, readAt)) {
                continue;
            }
            Optional<String> customer = customerOf(customers, tags.appId(), openId);
            if (customer.isEmpty()) {
                unknown++;
            } else if (set(customers, customer.get(), tag, true)) {
                tagged++;
            }
        }
        for (String openId : removed) {
            if (state.explains(tags.appId(), tag, openId, false, readAt)) {
                continue;
            }
            Optional<String> customer = customerOf(customers, tags.appId(), openId);
            if (customer.isPresent() && set(customers, customer.get(), tag, false)) {
                untagged++;
            }
        }
        state.keep(tags.appId(), tag, new TagSyncState.Snapshot(now, readAt));
        return new Pulled(tags.appId(), tag, tagged, untagged, unknown);
    }

    private static Optional<String> customerOf(Customers customers, String appId, String openId) {
        return customers.findByIdentity(Identity.scoped("wechat_openid", appId, openId))
                .map(record -> String.valueOf(record.get("_id")));
    }

    /** Tags or untags the customer unless the profile is so already; answers whether it changed. */
    private static boolean set(Customers customers, String customer, String tag, boolean on) {
        boolean has = customers.profile(customer).map(p -> p.tags().contains(tag)).orElse(on);
        if (has == on) {
            return false;
        }
        customers.tag(customer, tag, on);
        return true;
    }
}
