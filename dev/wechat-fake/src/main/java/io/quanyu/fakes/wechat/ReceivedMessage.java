package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

/**
 * A message that reached a follower, kept for assertions and for the play page: a custom (customer-service) message,
 * a template message or a passive reply to a callback.
 *
 * @param kind  {@code custom}, {@code template} or {@code passive}
 * @param msgId the template message's msgid; {@code null} for the others
 * @param body  the request body as sent by the platform (custom, template) or the reply's XML fields (passive)
 */
public record ReceivedMessage(String kind, String openId, long createTime, String msgId, JsonNode body) {
}
