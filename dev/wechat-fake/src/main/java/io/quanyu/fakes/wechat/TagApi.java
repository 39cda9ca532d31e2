package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follower tags (reference §3.7): {@code tags/create|get|update|delete}, {@code tags/members/batchtagging} and
 * {@code batchuntagging} (at most 50 openids, every one must be the account's: 40032, 40003) and
 * {@code tags/getidlist} and {@code user/tag/get} (a tag's followers, {@value #PAGE} openids a page after
 * {@code next_openid}). A follower carries at most 20 tags (45059). The naming rules live in {@link Tags}.
 */
final class TagApi {

    static final int MAX_OPENIDS = 50;
    /** The openids {@code user/tag/get} answers at most per call. */
    static final int PAGE = 10_000;

    private final Authorizer authorizer;

    TagApi(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.post("/cgi-bin/tags/create", this::create);
        router.get("/cgi-bin/tags/get", this::list);
        router.post("/cgi-bin/tags/update", this::update);
        router.post("/cgi-bin/tags/delete", this::delete);
        router.post("/cgi-bin/tags/members/batchtagging", request -> members(request, true));
        router.post("/cgi-bin/tags/members/batchuntagging", request -> members(request, false));
        router.post("/cgi-bin/tags/getidlist", this::idList);
        router.post("/cgi-bin/user/tag/get", this::followersOf);
    }

    private ApiResponse create(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/tags/create");
        String name = Json.text(request.wechatJson().path("tag"), "name");
        synchronized (account) {
            long id = account.tags.create(name);
            return ApiResponse.json(Json.map("tag", Json.map("id", id, "name", name)));
        }
    }

    private ApiResponse list(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/tags/get");
        synchronized (account) {
            List<Follower> followers = account.followers();
            List<Map<String, Object>> tags = new ArrayList<>();
            account.tags.ordered().forEach((id, name) -> tags.add(Json.map("id", id, "name", name,
                    "count", followers.stream().filter(follower -> follower.tagIds.contains(id)).count())));
            return ApiResponse.json(Json.map("tags", tags));
        }
    }

    private ApiResponse update(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/tags/update");
        JsonNode tag = request.wechatJson().path("tag");
        synchronized (account) {
            account.tags.update(tag.path("id").asLong(-1), Json.text(tag, "name"));
        }
        return ApiResponse.ok();
    }

    private ApiResponse delete(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/tags/delete");
        long id = request.wechatJson().path("tag").path("id").asLong(-1);
        synchronized (account) {
            account.tags.delete(id);
            account.followers().forEach(follower -> follower.tagIds.remove(id));
        }
        return ApiResponse.ok();
    }

    private ApiResponse members(ApiRequest request, boolean tagging) {
        OfficialAccount account = authorizer.authorize(request,
                "/cgi-bin/tags/members/" + (tagging ? "batchtagging" : "batchuntagging"));
        JsonNode body = request.wechatJson();
        JsonNode openIds = body.path("openid_list");
        if (!openIds.isArray() || openIds.isEmpty() || openIds.size() > MAX_OPENIDS) {
            throw new WeChatError(40032, "invalid openid list size");
        }
        long tagId = body.path("tagid").asLong(-1);
        synchronized (account) {
            account.tags.requireExists(tagId);
            List<Follower> followers = new ArrayList<>();
            for (JsonNode openId : openIds) {
                followers.add(account.requireFollower(openId.asString()));
            }
            for (Follower follower : followers) {
                if (tagging && !follower.tagIds.contains(tagId) && follower.tagIds.size() >= Tags.MAX_TAGS_PER_FOLLOWER) {
                    throw new WeChatError(45059, "too many tags on a follower");
                }
            }
            followers.forEach(follower -> {
                if (tagging) {
                    follower.tagIds.add(tagId);
                } else {
                    follower.tagIds.remove(tagId);
                }
            });
        }
        return ApiResponse.ok();
    }

    private ApiResponse idList(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/tags/getidlist");
        String openId = Json.text(request.wechatJson(), "openid");
        synchronized (account) {
            return ApiResponse.json(Json.map("tagid_list", List.copyOf(account.requireFollower(openId).tagIds)));
        }
    }

    /**
     * A tag's followers in the order they followed: {@code {"count":n,"data":{"openid":[…]},"next_openid":"…"}},
     * the page after {@code next_openid} (an openid that is not the account's: 40003); past the last one
     * {@code {"count":0,"next_openid":""}}.
     */
    private ApiResponse followersOf(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, "/cgi-bin/user/tag/get");
        JsonNode body = request.wechatJson();
        long tagId = body.path("tagid").asLong(-1);
        String after = body.path("next_openid").asString("");
        synchronized (account) {
            account.tags.requireExists(tagId);
            List<Follower> followers = account.followers();
            int from = 0;
            if (!after.isEmpty()) {
                Follower last = account.requireFollower(after);
                from = followers.indexOf(last) + 1;
            }
            List<String> page = followers.subList(from, followers.size()).stream()
                    .filter(follower -> follower.subscribed && follower.tagIds.contains(tagId))
                    .limit(PAGE).map(follower -> follower.openId).toList();
            if (page.isEmpty()) {
                return ApiResponse.json(Json.map("count", 0, "next_openid", ""));
            }
            return ApiResponse.json(Json.map("count", page.size(), "data", Json.map("openid", page),
                    "next_openid", page.getLast()));
        }
    }
}
