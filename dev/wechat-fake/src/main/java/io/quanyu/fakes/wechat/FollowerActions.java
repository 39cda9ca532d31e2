package io.quanyu.fakes.wechat;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
