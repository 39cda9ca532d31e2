package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One account's custom menu and conditional menus (reference §3.7): the button tree is checked against WeChat's size
 * limits and kept as sent; {@code menu/get} answers it in WeChat's shape (leaf top-level buttons get an empty
 * {@code sub_button}). Guarded by the owning account's monitor.
 */
final class Menus {

    private static final Set<String> KEY_TYPES = Set.of("click", "scancode_push", "scancode_waitmsg", "pic_sysphoto",
            "pic_photo_or_album", "pic_weixin", "location_select");
    private static final Set<String> OTHER_TYPES = Set.of("view", "miniprogram", "media_id", "view_limited",
            "article_id", "article_view_limited");

    private ArrayNode buttons;
    private long menuId;
    private final List<Conditional> conditional = new ArrayList<>();
    private long nextMenuId = 208_379_533L;

    long create(JsonNode newButtons) {
        validate(newButtons);
        buttons = normalized(newButtons);
        menuId = nextMenuId++;
        return menuId;
    }

    long addConditional(JsonNode newButtons, JsonNode matchRule) {
        if (buttons == null) {
            throw new WeChatError(65303, "there is no default menu, cannot create conditional menu");
        }
        validate(newButtons);
        if (!matchRule.isObject() || matchRule.isEmpty()) {
            throw new WeChatError(65304, "match rule is empty");
        }
        long id = nextMenuId++;
        conditional.add(new Conditional(id, normalized(newButtons), matchRule.deepCopy()));
        return id;
    }

    void deleteConditional(long id) {
        if (!conditional.removeIf(menu -> menu.id == id)) {
            throw new WeChatError(65301, "no conditional menu with this menuid");
        }
    }

    ObjectNode get() {
        if (buttons == null) {
            throw new WeChatError(46003, "menu no exist");
        }
        ObjectNode out = Json.object();
        ObjectNode menu = out.putObject("menu");
        menu.set("button", buttons.deepCopy());
        menu.put("menuid", menuId);
        if (!conditional.isEmpty()) {
            ArrayNode list = out.putArray("conditionalmenu");
            for (Conditional each : conditional) {
                ObjectNode item = list.addObject();
                item.set("button", each.buttons.deepCopy());
                item.set("matchrule", each.matchRule.deepCopy());
                item.put("menuid", each.id);
            }
        }
        return out;
    }

    /** The default menu's buttons, for the play page; an empty array when none was created. */
    ArrayNode buttons() {
        return buttons == null ? Json.MAPPER.createArrayNode() : buttons.deepCopy();
    }

    private static ArrayNode normalized(JsonNode source) {
        ArrayNode copy = (ArrayNode) source.deepCopy();
        for (JsonNode button : copy) {
            if (!button.has("sub_button")) {
                ((ObjectNode) button).putArray("sub_button");
            }
        }
        return copy;
    }

    private static void validate(JsonNode top) {
        if (!top.isArray() || top.isEmpty() || top.size() > 3) {
            throw new WeChatError(40016, "invalid button size");
        }
        for (JsonNode button : top) {
            JsonNode subs = button.path("sub_button");
            if (subs.isArray() && !subs.isEmpty()) {
                checkSize(button, "name", 16, 40018, "invalid button name size");
                if (subs.size() > 5) {
                    throw new WeChatError(40023, "invalid sub button size");
                }
                for (JsonNode sub : subs) {
                    checkLeaf(sub, 40024, "sub button");
                }
            } else {
                checkLeaf(button, 40017, "button");
            }
        }
    }

    /** Checks a leaf button; codes follow WeChat's order: type, name, key, url (the sub-button codes are base + 0..3). */
    private static void checkLeaf(JsonNode button, int typeCode, String what) {
        boolean top = typeCode == 40017;
        String type = Json.text(button, "type");
        if (type == null || !(KEY_TYPES.contains(type) || OTHER_TYPES.contains(type))) {
            throw new WeChatError(typeCode, "invalid " + what + " type");
        }
        checkSize(button, "name", top ? 16 : 40, typeCode + 1, "invalid " + what + " name size");
        if (KEY_TYPES.contains(type)) {
            checkSize(button, "key", 128, typeCode + 2, "invalid " + what + " key size");
        }
        if (type.equals("view") || type.equals("miniprogram")) {
            checkSize(button, "url", 256, typeCode + 3, "invalid " + what + " url size");
        }
    }

    private static void checkSize(JsonNode button, String field, int maxBytes, int code, String errmsg) {
        String value = Json.text(button, field);
        if (value == null || value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new WeChatError(code, errmsg);
        }
    }

    private record Conditional(long id, ArrayNode buttons, JsonNode matchRule) {
    }
}
