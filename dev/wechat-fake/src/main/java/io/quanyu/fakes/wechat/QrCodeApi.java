package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Parametric QR codes (reference §3.5): {@code POST /cgi-bin/qrcode/create} for temporary ({@code QR_SCENE},
 * {@code QR_STR_SCENE}; {@code expire_seconds} default 60, at most 2592000) and permanent ({@code QR_LIMIT_SCENE}
 * with ids 1..100000, {@code QR_LIMIT_STR_SCENE}) codes, and {@code GET /cgi-bin/showqrcode?ticket=} for the image
 * (no token, served on the mp host in real life). A body without a scene gives scene 0, as WeChat does.
 */
final class QrCodeApi {

    static final String CREATE = "/cgi-bin/qrcode/create";
    static final long DEFAULT_EXPIRE_SECONDS = 60;
    static final long MAX_EXPIRE_SECONDS = 2_592_000;
    static final long MAX_PERMANENT_SCENE_ID = 100_000;
    private static final Set<String> ACTIONS = Set.of("QR_SCENE", "QR_STR_SCENE", "QR_LIMIT_SCENE",
            "QR_LIMIT_STR_SCENE");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Authorizer authorizer;
    private final Directory directory;
    private final FakeTime time;

    QrCodeApi(Authorizer authorizer, Directory directory, FakeTime time) {
        this.authorizer = authorizer;
        this.directory = directory;
        this.time = time;
    }

    void register(Router router) {
        router.post(CREATE, this::create);
        router.get("/cgi-bin/showqrcode", this::show);
    }

    private ApiResponse create(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, CREATE);
        JsonNode body = request.wechatJson();
        String action = Json.text(body, "action_name");
        if (action == null || !ACTIONS.contains(action)) {
            throw WeChatError.invalidArgs("action_name");
        }
        boolean permanent = action.startsWith("QR_LIMIT_");
        JsonNode scene = body.path("action_info").path("scene");
        String sceneStr = null;
        long sceneId = 0;
        if (action.endsWith("_STR_SCENE")) {
            sceneStr = Json.text(scene, "scene_str");
            if (sceneStr != null && (sceneStr.isEmpty() || sceneStr.length() > 64)) {
                throw WeChatError.invalidArgs("scene_str is 1 to 64 characters");
            }
        } else {
            sceneId = scene.path("scene_id").asLong(0);
            if (permanent ? sceneId < 0 || sceneId > MAX_PERMANENT_SCENE_ID : sceneId < 0 || sceneId > 0xFFFFFFFFL) {
                throw WeChatError.invalidArgs("scene_id");
            }
        }
        Instant now = time.now();
        Long expireSeconds = permanent ? null
                : Math.min(MAX_EXPIRE_SECONDS, Math.max(1, body.path("expire_seconds").asLong(DEFAULT_EXPIRE_SECONDS)));
        String ticket = "gQ" + Base64.getEncoder().encodeToString(randomBytes(45));
        String url = "http://weixin.qq.com/q/" + MessageCrypto.randomString(22);
        QrCode code = new QrCode(ticket, action, sceneId, sceneStr, now,
                expireSeconds == null ? null : now.plus(Duration.ofSeconds(expireSeconds)), url);
        synchronized (account) {
            account.qrCodes.put(ticket, code);
        }
        return ApiResponse.json(expireSeconds == null ? Json.map("ticket", ticket, "url", url)
                : Json.map("ticket", ticket, "expire_seconds", expireSeconds, "url", url));
    }

    private ApiResponse show(ApiRequest request) {
        String ticket = request.query("ticket");
        for (OfficialAccount account : directory.accounts()) {
            synchronized (account) {
                QrCode code = ticket == null ? null : account.qrCodes.get(ticket);
                if (code != null && !code.expiredAt(time.now())) {
                    return ApiResponse.png(QrPng.render(ticket));
                }
            }
        }
        return ApiResponse.html(404, "<html><body>invalid ticket</body></html>");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
