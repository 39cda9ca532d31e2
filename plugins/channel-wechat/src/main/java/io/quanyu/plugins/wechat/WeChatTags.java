package io.quanyu.plugins.wechat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginContext;
import me.chanjar.weixin.mp.bean.tag.WxTagListUser;
import me.chanjar.weixin.mp.bean.tag.WxUserTag;
import me.chanjar.weixin.mp.enums.WxMpApiUrl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One official account's follower tags (用户标签) as the tag sync and {@code syncTag} use them: a tag's id by name
 * (kept a day in the plugin's store, made when the account has none), tagging and untagging followers 50 at a
 * time, and a tag's followers page by page. A batch WeChat refuses for one follower (40003 not the account's, 45059
 * a follower with 20 tags already) is tried again follower by follower, so one follower does not hold up the rest.
 */
final class WeChatTags {
    /** WeChat tags and untags at most this many followers per call. */
    static final int BATCH = 50;
    private static final Duration ID_KEPT = Duration.ofDays(1);
    private static final Set<Integer> ONE_FOLLOWER = Set.of(40003, 45059);

    private final WeChatApi api;
    private final PluginContext context;

    WeChatTags(WeChatApi api, PluginContext context) {
        this.api = api;
        this.context = context;
    }

    String appId() {
        return api.account().appId();
    }

    /** The id of the account's tag with this name, if it has one. */
    Optional<Long> find(String name) {
        return WxUserTag.listFromJson(api.get(WxMpApiUrl.UserTag.TAGS_GET, Map.of())).stream()
                .filter(t -> name.equals(t.getName())).map(WxUserTag::getId).findFirst();
    }

    /** The id of the account's tag with this name, made when there is none. */
    long ensure(String name) {
        String key = "wxtagid:" + appId() + ":" + name;
        Optional<Long> kept = context.store().get(key).map(e -> ((Number) e.value()).longValue());
        if (kept.isPresent()) {
            return kept.get();
        }
        long id = find(name).orElseGet(() -> create(name));
        context.store().put(key, id, ID_KEPT);
        return id;
    }

    /**
     * Tags ({@code add}) or untags the followers; answers the openids WeChat refused alone. A tag deleted in WeChat's
     * console since its id was kept (45159) is found or made again once.
     */
    List<String> change(String name, List<String> openIds, boolean add) {
        try {
            return change(ensure(name), openIds, add);
        } catch (WeChatApiException e) {
            if (e.errcode() != 45159) {
                throw e;
            }
            context.store().delete("wxtagid:" + appId() + ":" + name);
            return change(ensure(name), openIds, add);
        }
    }

    /** The openids of the followers who carry the tag, every page of them. */
    Set<String> followers(long tagId) {
        Set<String> out = new LinkedHashSet<>();
        String next = "";
        while (true) {
            JsonObject body = new JsonObject();
            body.addProperty("tagid", tagId);
            body.addProperty("next_openid", next);
            WxTagListUser page = WxTagListUser.fromJson(api.post(WxMpApiUrl.UserTag.TAG_GET, body.toString()));
            if (page.getCount() == null || page.getCount() == 0 || page.getData() == null) {
                return out;
            }
            out.addAll(page.getData().getOpenidList());
            next = page.getNextOpenid();
            if (next == null || next.isEmpty()) {
                return out;
            }
        }
    }

    /** The customer's openid in this account, if the customer has one. */
    static Optional<String> openIdOf(List<Identity> identities, String appId) {
        return identities.stream().filter(i -> "wechat_openid".equals(i.type()) && appId.equals(i.scope()))
                .map(Identity::value).findFirst();
    }

    private List<String> change(long tagId, List<String> openIds, boolean add) {
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < openIds.size(); from += BATCH) {
            List<String> batch = openIds.subList(from, Math.min(openIds.size(), from + BATCH));
            try {
                call(tagId, batch, add);
            } catch (WeChatApiException e) {
                if (!ONE_FOLLOWER.contains(e.errcode())) {
                    throw e;
                }
                for (String openId : batch) {
                    try {
                        call(tagId, List.of(openId), add);
                    } catch (WeChatApiException alone) {
                        if (!ONE_FOLLOWER.contains(alone.errcode())) {
                            throw alone;
                        }
                        refused.add(openId);
                    }
                }
            }
        }
        return refused;
    }

    private void call(long tagId, List<String> openIds, boolean add) {
        JsonObject body = new JsonObject();
        JsonArray list = new JsonArray();
        openIds.forEach(list::add);
        body.add("openid_list", list);
        body.addProperty("tagid", tagId);
        api.post(add ? WxMpApiUrl.UserTag.TAGS_MEMBERS_BATCHTAGGING : WxMpApiUrl.UserTag.TAGS_MEMBERS_BATCHUNTAGGING,
                body.toString());
    }

    private long create(String name) {
        JsonObject tag = new JsonObject();
        tag.addProperty("name", name);
        JsonObject body = new JsonObject();
        body.add("tag", tag);
        return WxUserTag.fromJson(api.post(WxMpApiUrl.UserTag.TAGS_CREATE, body.toString())).getId();
    }
}
