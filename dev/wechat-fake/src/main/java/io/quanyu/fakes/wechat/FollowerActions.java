package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/**
 * What a simulated person can do to one account, each turned into the push WeChat would send (reference §2): follow
 * ({@code subscribe}), unfollow, scan a parametric QR code ({@code subscribe} with {@code qrscene_} when not yet
 * following, else {@code SCAN}), click a menu ({@code CLICK}), open a menu link ({@code VIEW}), send a text, report a
 * location. The follower's state and customer-service window change first; then the push is delivered (synchronously,
 * retries included) and its {@link Delivery} returned. Acting also makes the person the one OAuth signs in.
 */
public final class FollowerActions {

    private final OfficialAccount account;
    private final String openId;
    private final Directory directory;
    private final CallbackDeliverer deliverer;
    private final FakeTime time;

    FollowerActions(OfficialAccount account, String openId, Directory directory, CallbackDeliverer deliverer,
                    FakeTime time) {
        this.account = account;
        this.openId = openId;
        this.directory = directory;
        this.deliverer = deliverer;
        this.time = time;
    }

    public Delivery follow() {
        return act((follower, now) -> {
            if (follower.subscribed) {
                throw new IllegalStateException(openId + " already follows " + account.appId());
            }
            follower.subscribe(now, "ADD_SCENE_SEARCH", null);
            follower.window.userEvent(now);
            return event(now, "subscribe", Map.of());
        });
    }

    public Delivery unfollow() {
        return act((follower, now) -> {
            requireFollowing(follower);
            follower.unsubscribe();
            return event(now, "unsubscribe", Map.of());
        });
    }

    /** Scans the QR code with this ticket (made by {@code /cgi-bin/qrcode/create}). */
    public Delivery scan(String ticket) {
        return act((follower, now) -> {
            QrCode code = account.qrCodes.get(ticket);
            if (code == null) {
                throw new NoSuchElementException("no QR code with ticket " + ticket);
            }
            if (code.expiredAt(now)) {
                throw new IllegalStateException("the QR code has expired");
            }
            follower.window.userEvent(now);
            if (follower.subscribed) {
                return event(now, "SCAN", Json.map("EventKey", code.scene(), "Ticket", ticket));
            }
            follower.subscribe(now, "ADD_SCENE_QR_CODE", code);
            return event(now, "subscribe", Json.map("EventKey", "qrscene_" + code.scene(), "Ticket", ticket));
        });
    }

    public Delivery click(String key) {
        return act((follower, now) -> {
            requireFollowing(follower);
            follower.window.userEvent(now);
            return event(now, "CLICK", Json.map("EventKey", key));
        });
    }

    public Delivery view(String url) {
        return act((follower, now) -> {
            requireFollowing(follower);
            return event(now, "VIEW", Json.map("EventKey", url));
        });
    }

    public Delivery text(String content) {
        return act((follower, now) -> {
            requireFollowing(follower);
            follower.window.userMessage(now);
            return InboundMessage.text(account.config().originalId(), openId, now.getEpochSecond(), content,
                    account.nextMsgId());
        });
    }

    public Delivery location(double latitude, double longitude, double precision) {
        return act((follower, now) -> {
            requireFollowing(follower);
            return event(now, "LOCATION", Json.map("Latitude", sixDecimals(latitude),
                    "Longitude", sixDecimals(longitude), "Precision", sixDecimals(precision)));
        });
    }

    /**
     * Adds a card to this person's card package, as {@code wx.addCard} does with the {@code cardExt} JSON the
     * developer signed with the account's {@code wx_card} ticket; pushes {@code user_get_card}. WeChat's refusals
     * (40080 bad signature, 40056 code, 45031 stock, 45033 get_limit, ...) are thrown as {@link IllegalArgumentException}
     * with the errcode first, as the JS-SDK's {@code addCard:fail} carries them.
     */
    public Delivery addCard(String cardId, String cardExt) {
        return act((follower, now) -> {
            JsonNode ext = Json.read(cardExt.getBytes(StandardCharsets.UTF_8));
            Cards.Held held;
            try {
                held = account.cards.add(openId, cardId, ext, account.tickets.live("wx_card", now), now);
            } catch (WeChatError e) {
                throw new IllegalArgumentException(e.code + " " + e.getMessage(), e);
            }
            String outer = Json.text(ext, "outer_str");
            return event(now, "user_get_card", Json.map("CardId", held.cardId, "IsGiveByFriend", 0,
                    "UserCardCode", held.code, "FriendUserName", "", "OuterId", 0, "OldUserCardCode", "",
                    "OuterStr", outer == null ? "" : outer, "IsRestoreMemberCard", 0, "IsRecommendByFriend", 0));
        });
    }

    /** Shares a code of this person's card package with a friend: {@code user_gifting_card}, the code GIFTING. */
    public Delivery giftCard(String code) {
        return act((follower, now) -> {
            Cards.Held held = account.cards.gift(openId, code);
            return event(now, "user_gifting_card", Json.map("CardId", held.cardId, "UserCardCode", held.code,
                    "IsReturnBack", 0, "FriendUserName", "", "IsChatRoom", 0));
        });
    }

    /**
     * This person takes a friend's gift: {@code user_get_card} with {@code IsGiveByFriend} 1, the giver's openid and
     * the code before the gift.
     */
    public Delivery acceptCard(String code) {
        return act((follower, now) -> {
            String giver = account.cards.holder(code);
            Cards.Held held = account.cards.accept(openId, code, now);
            return event(now, "user_get_card", Json.map("CardId", held.cardId, "IsGiveByFriend", 1,
                    "UserCardCode", held.code, "FriendUserName", giver, "OuterId", 0, "OldUserCardCode", code,
                    "OuterStr", "", "IsRestoreMemberCard", 0, "IsRecommendByFriend", 0));
        });
    }

    /** Deletes a code from this person's card package: {@code user_del_card}. */
    public Delivery deleteCard(String code) {
        return act((follower, now) -> {
            Cards.Held held = account.cards.delete(openId, code);
            return event(now, "user_del_card", Json.map("CardId", held.cardId, "UserCardCode", held.code));
        });
    }

    /**
     * This person shows a code of their card package at a store, where a clerk verifies it with WeChat's own tool
     * (卡券核销助手): the code is consumed and {@code user_consume_card} pushed with {@code ConsumeSource}
     * {@code FROM_MOBILE_HELPER}, the store and the clerk's openid. WeChat's refusals (40099 consumed, 40127 deleted
     * or unavailable, the validity) are thrown with the errcode first.
     */
    public Delivery consumeAtCounter(String code, String location) {
        return act((follower, now) -> {
            Cards.Held held = account.cards.own(openId, code);
            try {
                account.cards.checkConsumable(held, now);
            } catch (WeChatError e) {
                throw new IllegalArgumentException(e.code + " " + e.getMessage(), e);
            }
            held.status = CardCode.CONSUMED;
            return event(now, "user_consume_card", Json.map("CardId", held.cardId, "UserCardCode", held.code,
                    "ConsumeSource", "FROM_MOBILE_HELPER", "LocationName", location, "StaffOpenId", "oStaffCounter01",
                    "VerifyCode", "", "RemarkAmount", "", "OuterStr", ""));
        });
    }

    private Delivery act(BiFunction<Follower, Instant, InboundMessage> change) {
        InboundMessage message;
        Person person;
        synchronized (account) {
            Follower follower = account.follower(openId);
            if (follower == null) {
                throw new NoSuchElementException("no follower " + openId + " in " + account.appId());
            }
            message = change.apply(follower, time.now());
            person = follower.person;
        }
        directory.setCurrent(person);
        return deliverer.deliver(account, message);
    }

    private InboundMessage event(Instant now, String event, Map<String, Object> fields) {
        return InboundMessage.event(account.config().originalId(), openId, now.getEpochSecond(), event, fields, null);
    }

    private void requireFollowing(Follower follower) {
        if (!follower.subscribed) {
            throw new IllegalStateException(openId + " does not follow " + account.appId());
        }
    }

    private static BigDecimal sixDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP);
    }
}
