package io.quanyu.plugins.wechat;

import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;
import io.quanyu.plugin.sdk.event.TagsChange;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subscription {@code tagsToWeChat}: a synced tag ({@code syncedTags}) that a customer gains or loses on the platform
 * (the builder, an API, a rule, another plugin) is given to or taken from the customer's follower in each connected
 * official account, within seconds. Changes this plugin made itself (pulled from WeChat) are passed over. The batch's
 * changes are sent together, 50 followers per call; a follower WeChat refuses alone (unfollowed, 20 tags already) is
 * logged and left out; WeChat unreachable or busy throws, so the batch comes again.
 */
@Extension
public class TagsToWeChat implements EventSubscriber {
    static final String NAME = "tagsToWeChat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onEvents(EventBatch batch) {
        PluginContext context = batch.context();
        WeChatSettings settings = WeChatSettings.from(context.settings());
        if (settings.syncedTags().isEmpty()) {
            return;
        }
        Map<String, Boolean> last = new LinkedHashMap<>();
        for (ReceivedEvent received : batch.events()) {
            Optional<TagsChange> change = TagsChange.of(received);
            if (change.isEmpty()) {
                continue;
            }
            change.get().added().forEach(tag -> note(last, settings, change.get(), context, tag, true));
            change.get().removed().forEach(tag -> note(last, settings, change.get(), context, tag, false));
        }
        if (last.isEmpty()) {
            return;
        }
        TagSyncState state = new TagSyncState(context.store());
        for (OfficialAccount account : settings.accounts()) {
            push(context, state, new WeChatTags(new WeChatApi(context, account), context), last);
        }
    }

    /** The customer's last change of each synced tag in the batch, by {@code customer|tag}. */
    private static void note(Map<String, Boolean> last, WeChatSettings settings, TagsChange change,
                             PluginContext context, String tag, boolean on) {
        if (settings.syncedTags().contains(tag) && !change.by(context.pluginId(), tag)) {
            last.remove(change.customerId() + "|" + tag);
            last.put(change.customerId() + "|" + tag, on);
        }
    }

    private static void push(PluginContext context, TagSyncState state, WeChatTags tags, Map<String, Boolean> last) {
        Customers customers = context.customers();
        Map<String, List<String>> on = new LinkedHashMap<>();
        Map<String, List<String>> off = new LinkedHashMap<>();
        Instant now = Instant.now();
        last.forEach((key, add) -> {
            String customer = key.substring(0, key.indexOf('|'));
            String tag = key.substring(key.indexOf('|') + 1);
            customers.profile(customer).flatMap(p -> WeChatTags.openIdOf(p.identities(), tags.appId())).ifPresent(openId -> {
                state.intend(tags.appId(), tag, openId, add, now);
                (add ? on : off).computeIfAbsent(tag, t -> new ArrayList<>()).add(openId);
            });
        });
        on.forEach((tag, openIds) -> refused(context, tags, tag, tags.change(tag, openIds, true), "tag"));
        off.forEach((tag, openIds) -> refused(context, tags, tag, tags.change(tag, openIds, false), "untag"));
    }

    private static void refused(PluginContext context, WeChatTags tags, String tag, List<String> openIds, String what) {
        if (!openIds.isEmpty()) {
            context.log().warn("WeChat account {} would not {} {} follower(s) with {} (unfollowed, or 20 tags already): {}",
                    tags.appId(), what, openIds.size(), tag, openIds);
        }
    }
}
