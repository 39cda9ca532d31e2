package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * The sending APIs (reference §3.2, §3.3). {@code message/custom/send} is allowed only inside the follower's
 * customer-service window (45015 outside it or after an unfollow, 45047 when its count is used up).
 * {@code message/template/send} needs a known template (40037) and a follower (43004), answers a {@code msgid} and
 * later pushes {@code TEMPLATESENDJOBFINISH} with {@code MsgID}. An unknown openid is 40003. Accepted messages are kept
 * in the follower's messages.
 */
final class MessageApi {

    static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";
    static final String TEMPLATE_SEND = "/cgi-bin/message/template/send";
    /** How long after the send the template job result is pushed. */
    static final Duration TEMPLATE_JOB_DELAY = Duration.ofMillis(500);

    private final Authorizer authorizer;
    private final CallbackDeliverer deliverer;
    private final FakeTime time;

    MessageApi(Authorizer authorizer, CallbackDeliverer deliverer, FakeTime time) {
        this.authorizer = authorizer;
        this.deliverer = deliverer;
        this.time = time;
    }

    void register(Router router) {
        router.post(CUSTOM_SEND, this::custom);
        router.post(TEMPLATE_SEND, this::template);
    }

    private ApiResponse custom(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, CUSTOM_SEND);
        JsonNode body = request.wechatJson();
        String msgType = Json.text(body, "msgtype");
        if (msgType == null || !body.path(msgType).isObject()) {
            throw new WeChatError(40008, "invalid message type");
        }
        synchronized (account) {
            Follower follower = account.requireFollower(Json.text(body, "touser"));
            if (!follower.subscribed) {
                throw WeChatError.outOfTimeLimit();
            }
            switch (follower.window.consume(time.now())) {
                case OUT_OF_TIME -> throw WeChatError.outOfTimeLimit();
                case OUT_OF_COUNT -> throw WeChatError.outOfResponseCount();
                case ACCEPTED -> follower.inbox.add(
                        new ReceivedMessage("custom", follower.openId, time.epochSecond(), null, body));
            }
        }
        return ApiResponse.ok();
    }

    private ApiResponse template(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, TEMPLATE_SEND);
        JsonNode body = request.wechatJson();
        long msgId;
        String openId;
        synchronized (account) {
            Follower follower = account.requireFollower(Json.text(body, "touser"));
            if (!account.config().templateIds().contains(Json.text(body, "template_id"))) {
                throw WeChatError.invalidTemplateId();
            }
            if (!follower.subscribed) {
                throw WeChatError.requireSubscribe();
            }
            msgId = account.nextMsgId();
            openId = follower.openId;
            follower.inbox.add(new ReceivedMessage("template", openId, time.epochSecond(), Long.toString(msgId), body));
        }
        deliverer.deliverLater(account, InboundMessage.event(account.config().originalId(), openId,
                time.epochSecond(), "TEMPLATESENDJOBFINISH", Json.map("MsgID", msgId, "Status", "success"),
                Long.toString(msgId)), TEMPLATE_JOB_DELAY);
        return ApiResponse.json(Json.map("errcode", 0, "errmsg", "ok", "msgid", msgId));
    }
}
