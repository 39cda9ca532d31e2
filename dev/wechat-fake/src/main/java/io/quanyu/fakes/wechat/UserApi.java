package io.quanyu.fakes.wechat;

import java.util.List;
import java.util.Map;

/**
 * Follower lookups (reference §3.6): {@code GET /cgi-bin/user/info} with exactly the keys WeChat answers (only
 * {@code subscribe} and {@code openid} for someone who does not follow), and {@code GET /cgi-bin/user/get} pages of
 * up to 10000 following openids.
 */
final class UserApi {

    static final String INFO = "/cgi-bin/user/info";
    static final String LIST = "/cgi-bin/user/get";
    static final int PAGE_SIZE = 10_000;

    private final Authorizer authorizer;

    UserApi(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.get(INFO, this::info);
        router.get(LIST, this::list);
    }

    private ApiResponse info(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, INFO);
        synchronized (account) {
            Follower follower = account.requireFollower(request.query("openid"));
            if (!follower.subscribed) {
                return ApiResponse.json(Json.map("subscribe", 0, "openid", follower.openId));
            }
            Map<String, Object> out = Json.map("subscribe", 1, "openid", follower.openId,
                    "language", follower.person.language(),
                    "subscribe_time", follower.subscribeTime.getEpochSecond(),
                    "unionid", follower.person.unionId(), "remark", follower.remark, "groupid", 0,
                    "tagid_list", List.copyOf(follower.tagIds), "subscribe_scene", follower.subscribeScene,
                    "qr_scene", follower.qrScene, "qr_scene_str", follower.qrSceneStr);
            return ApiResponse.json(out);
        }
    }

    private ApiResponse list(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, LIST);
        String next = request.query("next_openid");
        synchronized (account) {
            List<String> following = account.followers().stream()
                    .filter(follower -> follower.subscribed).map(follower -> follower.openId).toList();
            int from = 0;
            if (next != null && !next.isEmpty()) {
                int at = following.indexOf(next);
                if (at < 0) {
                    throw WeChatError.invalidOpenId();
                }
                from = at + 1;
            }
            List<String> page = following.subList(from, Math.min(from + PAGE_SIZE, following.size()));
            Map<String, Object> out = Json.map("total", following.size(), "count", page.size());
            if (!page.isEmpty()) {
                out.put("data", Json.map("openid", List.copyOf(page)));
            }
            out.put("next_openid", from + page.size() >= following.size() ? "" : page.getLast());
            return ApiResponse.json(out);
        }
    }
}
