package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The fake's own API under {@code /fake/} (JSON; documented in the module's README) and the play page at
 * {@code /fake/}: configure accounts, create people, make a follower act, read what the fake received and delivered,
 * expire tokens, set quotas, move time. It is the HTTP face of {@link WeChatFake}'s Java API.
 */
final class AdminApi {

    private final WeChatFake fake;
    private final Directory directory;
    private final String page;

    AdminApi(WeChatFake fake, Directory directory) {
        this.fake = fake;
        this.directory = directory;
        this.page = resource("play.html");
    }

    void register(Router router) {
        router.get("/fake/", request -> ApiResponse.html(200, page));
        router.get("/fake/accounts", request -> ApiResponse.json(
                fake.accounts().stream().map(AccountJson::render).toList()));
        router.post("/fake/accounts", this::putAccount);
        router.get("/fake/accounts/{appId}", this::describeAccount);
        router.post("/fake/accounts/{appId}/templates", this::addTemplate);
        router.get("/fake/accounts/{appId}/quotas", request -> ApiResponse.json(account(request).quotas()));
        router.post("/fake/accounts/{appId}/quotas", this::setQuotas);
        router.post("/fake/accounts/{appId}/verify", request -> ApiResponse.json(
                fake.verifyCallbackUrl(request.variable("appId"))));
        router.get("/fake/accounts/{appId}/followers", request -> ApiResponse.json(
                account(request).followerSnapshots()));
        router.get("/fake/accounts/{appId}/followers/{openId}", this::follower);
        router.get("/fake/accounts/{appId}/followers/{openId}/messages", request -> ApiResponse.json(
                account(request).messages(request.variable("openId"))));
        router.post("/fake/accounts/{appId}/followers/{openId}/{action}", this::act);
        router.get("/fake/accounts/{appId}/deliveries", this::deliveries);
        router.get("/fake/accounts/{appId}/qrcodes", request -> ApiResponse.json(
                account(request).qrCodes().stream().map(AdminApi::qrCode).toList()));
        router.get("/fake/accounts/{appId}/cards", request -> {
            OfficialAccount account = account(request);
            return ApiResponse.json(Json.map("cards", account.cardIds(), "codes", account.cardCodes()));
        });
        router.get("/fake/people", request -> ApiResponse.json(
                directory.people().stream().map(this::person).toList()));
        router.post("/fake/people", this::addPerson);
        router.get("/fake/current", request -> ApiResponse.json(current()));
        router.post("/fake/current", this::setCurrent);
        router.post("/fake/tokens/expire", request -> {
            fake.expireAllTokens();
            return ApiResponse.json(Json.map("expired", true));
        });
        router.get("/fake/time", request -> ApiResponse.json(now()));
        router.post("/fake/time/advance", this::advance);
    }

    private ApiResponse putAccount(ApiRequest request) {
        JsonNode body = request.json();
        OfficialAccount existing = directory.find(Json.text(body, "appId"));
        OfficialAccount account = fake.addAccount(AccountJson.parse(body,
                existing == null ? null : existing.config()));
        return ApiResponse.json(existing == null ? 201 : 200, AccountJson.render(account));
    }

    private ApiResponse describeAccount(ApiRequest request) {
        OfficialAccount account = account(request);
        Map<String, Object> out = AccountJson.render(account);
        synchronized (account) {
            out.put("menu", account.menus.buttons());
        }
        return ApiResponse.json(out);
    }

    private ApiResponse addTemplate(ApiRequest request) {
        String templateId = Json.text(request.json(), "templateId");
        if (templateId == null || templateId.isBlank()) {
            throw new IllegalArgumentException("templateId is required");
        }
        OfficialAccount account = account(request);
        account.addTemplate(templateId);
        return ApiResponse.json(AccountJson.render(account));
    }

    /** Body {@code {"/cgi-bin/message/custom/send": 3, ...}}: API path to daily limit. */
    private ApiResponse setQuotas(ApiRequest request) {
        OfficialAccount account = account(request);
        for (Map.Entry<String, JsonNode> limit : request.json().properties()) {
            if (!limit.getValue().canConvertToLong()) {
                throw new IllegalArgumentException("the limit of " + limit.getKey() + " is not a number");
            }
            account.setQuota(limit.getKey(), limit.getValue().asLong());
        }
        return ApiResponse.json(account.quotas());
    }

    private ApiResponse follower(ApiRequest request) {
        OfficialAccount account = account(request);
        return ApiResponse.json(account.followerSnapshots().stream()
                .filter(follower -> follower.openId().equals(request.variable("openId"))).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no follower " + request.variable("openId"))));
    }

    private ApiResponse act(ApiRequest request) {
        FollowerActions actions = fake.actAs(request.variable("appId"), request.variable("openId"));
        JsonNode body = request.json();
        Delivery delivery = switch (request.variable("action")) {
            case "follow" -> actions.follow();
            case "unfollow" -> actions.unfollow();
            case "scan" -> actions.scan(required(body, "ticket"));
            case "click" -> actions.click(required(body, "key"));
            case "view" -> actions.view(required(body, "url"));
            case "text" -> actions.text(required(body, "content"));
            case "location" -> actions.location(number(body, "latitude"), number(body, "longitude"),
                    body.has("precision") ? number(body, "precision") : 30.0);
            case "addCard" -> actions.addCard(required(body, "cardId"), required(body, "cardExt"));
            case "giftCard" -> actions.giftCard(required(body, "code"));
            case "acceptCard" -> actions.acceptCard(required(body, "code"));
            case "deleteCard" -> actions.deleteCard(required(body, "code"));
            case "consumeAtCounter" -> actions.consumeAtCounter(required(body, "code"),
                    body.path("location").isString() ? body.path("location").asString() : "");
            case "tag", "untag" -> null;
            default -> throw new NoSuchElementException("no action " + request.variable("action")
                    + " (follow, unfollow, scan, click, view, text, location, addCard, giftCard, acceptCard,"
                    + " deleteCard, consumeAtCounter, tag, untag)");
        };
        if (delivery == null) {
            OfficialAccount account = account(request);
            Person person = account.requireFollower(request.variable("openId")).person;
            long id = account.consoleTag(person, required(body, "name"), "tag".equals(request.variable("action")));
            return ApiResponse.json(Json.map("tagId", id, "tagIds", account.follower(person).tagIds()));
        }
        return ApiResponse.json(delivery);
    }

    private ApiResponse deliveries(ApiRequest request) {
        String openId = request.query("openId");
        return ApiResponse.json(account(request).deliveries().stream()
                .filter(delivery -> openId == null || openId.equals(delivery.openId())).toList());
    }

    private ApiResponse addPerson(ApiRequest request) {
        JsonNode body = request.json();
        Person person = directory.addPerson(Json.text(body, "nickname"), body.path("sex").asInt(0),
                Json.text(body, "language"), Json.text(body, "city"), Json.text(body, "province"),
                Json.text(body, "country"));
        return ApiResponse.json(201, person(person));
    }

    private ApiResponse setCurrent(ApiRequest request) {
        directory.setCurrent(directory.person(required(request.json(), "personId")));
        return ApiResponse.json(current());
    }

    private ApiResponse advance(ApiRequest request) {
        fake.time().advance(Duration.ofSeconds((long) number(request.json(), "seconds")));
        return ApiResponse.json(now());
    }

    private Map<String, Object> current() {
        Person person = directory.current();
        return person == null ? Json.map("person", null) : Json.map("person", person(person));
    }

    private Map<String, Object> now() {
        return Json.map("epochSecond", fake.time().epochSecond(), "iso", fake.time().now().toString());
    }

    private Map<String, Object> person(Person person) {
        Map<String, String> openIds = new LinkedHashMap<>();
        fake.accounts().forEach(account -> openIds.put(account.appId(), account.openId(person)));
        Map<String, Object> out = Json.map("id", person.id(), "unionId", person.unionId(),
                "nickname", person.nickname(), "sex", person.sex(), "language", person.language(),
                "city", person.city(), "province", person.province(), "country", person.country());
        out.put("openIds", openIds);
        return out;
    }

    private static Map<String, Object> qrCode(QrCode code) {
        return Json.map("ticket", code.ticket(), "actionName", code.actionName(), "scene", code.scene(),
                "permanent", code.permanent(), "expires", code.expires() == null ? null
                        : code.expires().getEpochSecond(), "url", code.url());
    }

    private OfficialAccount account(ApiRequest request) {
        return directory.require(request.variable("appId"));
    }

    private static String required(JsonNode body, String field) {
        String value = Json.text(body, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static double number(JsonNode body, String field) {
        if (!body.path(field).isNumber()) {
            throw new IllegalArgumentException(field + " is a required number");
        }
        return body.path(field).asDouble();
    }

    /** A text resource beside this class (the play page, the JS-SDK shim). */
    static String resource(String name) {
        try (InputStream in = AdminApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
