package io.quanyu.fakes.wechat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A push from WeChat to the developer, written as WeChat writes it (reference §2): {@code <xml>} with the common header
 * ({@code ToUserName}, {@code FromUserName}, {@code CreateTime}, {@code MsgType}) then the kind's elements, no
 * whitespace, text in CDATA and numbers bare.
 *
 * @param fields  the elements after the header, in order; {@link Number} values are written bare
 * @param msgId   the MsgId of a user message (or MsgID of a template job), {@code null} for other events
 * @param summary a one-line description for logs and the play page
 */
record InboundMessage(String toUser, String fromUser, long createTime, String msgType, Map<String, Object> fields,
                      String msgId, String summary) {

    static InboundMessage event(String toUser, String fromUser, long createTime, String event,
                                Map<String, Object> fields, String msgId) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Event", event);
        all.putAll(fields);
        Object key = fields.get("EventKey");
        String summary = "event " + event + (key == null || key.toString().isEmpty() ? "" : " " + key);
        return new InboundMessage(toUser, fromUser, createTime, "event", all, msgId, summary);
    }

    static InboundMessage text(String toUser, String fromUser, long createTime, String content, long msgId) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Content", content);
        all.put("MsgId", msgId);
        return new InboundMessage(toUser, fromUser, createTime, "text", all, Long.toString(msgId), "text " + content);
    }

    String toXml() {
        StringBuilder xml = new StringBuilder("<xml>");
        element(xml, "ToUserName", toUser);
        element(xml, "FromUserName", fromUser);
        element(xml, "CreateTime", createTime);
        element(xml, "MsgType", msgType);
        fields.forEach((name, value) -> element(xml, name, value));
        return xml.append("</xml>").toString();
    }

    static void element(StringBuilder xml, String name, Object value) {
        xml.append('<').append(name).append('>');
        if (value instanceof BigDecimal decimal) {
            xml.append(decimal.toPlainString());
        } else if (value instanceof Number) {
            xml.append(value);
        } else {
            xml.append("<![CDATA[").append(value.toString().replace("]]>", "]]]]><![CDATA[>")).append("]]>");
        }
        xml.append("</").append(name).append('>');
    }
}
