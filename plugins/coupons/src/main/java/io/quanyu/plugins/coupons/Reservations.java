package io.quanyu.plugins.coupons;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.task.TaskHandler;
import io.quanyu.plugin.sdk.task.TaskRequest;
import io.quanyu.plugin.sdk.task.TaskResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reservations ({@value #OBJECT}): a coupon held for one order while it is being paid, so no other order can use it,
 * until the order redeems it or the reservation ends (its time, or {@code release}), when the coupon is the
 * holder's to use again, once.
 * <ol>
 *   <li>{@code reserve} records the reservation under its key (by default the code and the order), created once: a
 *   key seen before answers that reservation;</li>
 *   <li>schedules its release at its end ({@value #TASK}, on the platform's scheduler) before it takes the coupon, so
 *   a reservation that took a coupon always has a release coming;</li>
 *   <li>takes the coupon: claimed → reserved, one guarded update naming the reservation;</li>
 *   <li>marks the reservation held.</li>
 * </ol>
 * The release puts the coupon back (reserved by this reservation → claimed, one guarded update) and marks the
 * reservation released; whichever of a redemption and a release takes the coupon first wins, and the other finds it
 * gone. {@code coupon.released} goes on the holder's timeline once per reservation however often the release runs
 * (none for a reservation that never held its coupon).
 */
public final class Reservations {
    static final String OBJECT = "couponsReservation";
    static final String TASK = "releaseReservation";
    static final String PENDING = "pending";
    static final String HELD = "held";
    static final String RELEASED = "released";
    static final String REDEEMED = "redeemed";
    static final String REFUSED = "refused";
    static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    static final Duration LONGEST = Duration.ofDays(7);
    private static final Map<String, Object> OPEN = Map.of("field", "status", "op", "in", "value", List.of(PENDING, HELD));

    private Reservations() {
    }

    static String taskKey(String reservation) {
        return "release:" + reservation;
    }

    /** A reservation as the operations answer it. */
    static Map<String, Object> view(Map<String, Object> reservation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reservation", reservation.get("_id"));
        for (String field : List.of("code", "orderId", "status", "until", "discount", "releasedAt", "reason")) {
            if (reservation.get(field) != null) {
                Object value = reservation.get(field);
                out.put(field, value instanceof java.math.BigDecimal d ? d.doubleValue() : value);
            }
        }
        return out;
    }

    /** {@code reserve}: the coupon is held for the order until the reservation's time ({@code ttl}) ends. */
    @Extension
    public static class Reserve implements Operation {
        @Override
        public String name() {
            return "reserve";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Map<String, Object> in = request.input();
            PluginContext context = request.context();
            Records records = context.records();
            String code = (String) in.get("code");
            String order = (String) in.get("orderId");
            Duration ttl;
            try {
                ttl = in.get("ttl") == null ? DEFAULT_TTL : Duration.parse((String) in.get("ttl"));
            } catch (DateTimeParseException e) {
                return OperationResult.refused("RESERVATION_TTL_INVALID", "ttl is an ISO-8601 duration, such as PT15M");
            }
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(LONGEST) > 0) {
                return OperationResult.refused("RESERVATION_TTL_INVALID", "ttl is from one minute to " + LONGEST.toDays() + " days");
            }
            Optional<Map<String, Object>> found = Coupons.byCode(records, code);
            if (found.isEmpty()) {
                return Coupons.notFound(code);
            }
            Map<String, Object> coupon = found.get();
            Map<String, Object> values = new HashMap<>(Map.of("coupon", coupon.get("_id"), "code", code, "orderId", order,
                    "status", PENDING, "until", context.now().plus(ttl).toString()));
            for (String field : List.of("orderAmount", "shipping")) {
                if (in.get(field) != null) {
                    values.put(field, in.get(field));
                }
            }
            String key = in.get("key") == null ? code + "|" + order : (String) in.get("key");
            Records.Created made = records.create(OBJECT, Coupons.key("reserve:" + key), values);
            Map<String, Object> reservation = made.record();
            if (!made.created()) {
                if (!code.equals(reservation.get("code")) || !order.equals(reservation.get("orderId"))) {
                    return OperationResult.refused("IDEMPOTENCY_KEY_REUSED", "the key " + key + " was used for another reservation");
                }
                if (REFUSED.equals(reservation.get("status"))) {
                    return OperationResult.refused(String.valueOf(reservation.get("reason")),
                            "refused when first asked: " + reservation.get("reason"));
                }
                if (!PENDING.equals(reservation.get("status"))) {
                    return OperationResult.ok(view(reservation));
                }
            }
            return take(context, coupon, reservation, (String) in.get("customerId"));
        }

        /** Takes the coupon for a pending reservation (a fresh one, or one whose first call stopped half-way). */
        private static OperationResult take(PluginContext context, Map<String, Object> coupon, Map<String, Object> reservation,
                                            String customerId) {
            Records records = context.records();
            String id = (String) reservation.get("_id");
            String order = (String) reservation.get("orderId");
            Map<String, Object> template = Coupons.template(records, coupon);
            Instant until = Instant.parse(String.valueOf(reservation.get("until")));
            context.tasks().schedule(TASK, taskKey(id), until, Map.of("reservation", id));
            for (; ; coupon = records.get(Coupons.OBJECT, (String) coupon.get("_id")).orElseThrow()) {
                if (Coupons.RESERVED.equals(coupon.get("status")) && id.equals(coupon.get("reservation"))) {
                    break;
                }
                Coupons.Verdict verdict = Coupons.verdict(coupon, template, customerId, null,
                        Coupons.decimalOrNull(reservation.get("orderAmount")), Coupons.decimalOrNull(reservation.get("shipping")),
                        context.now());
                if (verdict.reason() != null) {
                    return refuse(context, id, verdict.reason(), verdict.message());
                }
                String slot = Stacking.slot(coupon);
                Optional<Stacking.Refusal> full = Stacking.take(records, template, order, slot);
                if (full.isPresent()) {
                    return refuse(context, id, full.get().code(), full.get().message());
                }
                Map<String, Object> changes = Map.of("status", Coupons.RESERVED, "reservation", id, "orderId", order,
                        "reservedUntil", until.toString(), "discount", verdict.discount(), "orderSlot", slot);
                if (records.updateWhere(Coupons.OBJECT, (String) coupon.get("_id"), Coupons.eq("status", Coupons.CLAIMED), changes)
                        .isPresent()) {
                    reservation = new HashMap<>(reservation);
                    reservation.put("discount", verdict.discount());
                    break;
                }
                Stacking.giveBack(records, template, order, slot); // the coupon changed meanwhile: read it again
            }
            Map<String, Object> held = records.updateWhere(OBJECT, id, Coupons.eq("status", PENDING),
                    Map.of("status", HELD, "heldAt", context.now().toString(), "discount",
                            Coupons.decimal(reservation.get("discount")))).orElseGet(() ->
                    records.get(OBJECT, id).orElseThrow());
            return OperationResult.ok(view(held));
        }
    }

    /** A pending reservation refused: its release is cancelled and the refusal kept for its replays. */
    private static OperationResult refuse(PluginContext context, String id, String code, String message) {
        context.tasks().cancel(TASK, taskKey(id));
        context.records().updateWhere(OBJECT, id, Coupons.eq("status", PENDING), Map.of("status", REFUSED, "reason", code));
        return OperationResult.refused(code, message);
    }

    /**
     * Marks the reservation a redeemed coupon was reserved by as redeemed, and cancels its release; nothing for a
     * coupon redeemed without one, or a reservation marked before.
     */
    static void settle(PluginContext context, Map<String, Object> coupon) {
        if (coupon.get("reservation") instanceof String id
                && context.records().updateWhere(OBJECT, id, OPEN, Map.of("status", REDEEMED)).isPresent()) {
            context.tasks().cancel(TASK, taskKey(id));
        }
    }

    /** Why a redemption naming a reservation the coupon no longer carries is refused. */
    static OperationResult notOn(Records records, String id, String code) {
        Optional<Map<String, Object>> reservation = records.get(OBJECT, id).filter(r -> code.equals(r.get("code")));
        if (reservation.isEmpty()) {
            return OperationResult.refused("RESERVATION_NOT_FOUND", "the coupon " + code + " has no reservation " + id);
        }
        Object status = reservation.get().get("status");
        return RELEASED.equals(status) ? OperationResult.refused("RESERVATION_RELEASED", "the reservation was released at "
                + reservation.get().get("releasedAt") + " (" + reservation.get().get("reason") + ")")
                : OperationResult.refused("RESERVATION_NOT_HELD", "the reservation is " + status + " and holds the coupon no more");
    }

    /**
     * Ends a reservation ({@code why}: {@code expired} or {@code cancelled}): its coupon, if it still holds it, is the
     * holder's to use again, and {@code coupon.released} is tracked once. A coupon the reservation's order redeemed
     * first stays redeemed (the reservation is marked so). Answers the reservation as it is then.
     */
    static Map<String, Object> release(PluginContext context, Map<String, Object> reservation, String why) {
        Records records = context.records();
        String id = (String) reservation.get("_id");
        String couponId = (String) reservation.get("coupon");
        Map<String, Object> back = new HashMap<>();
        back.put("status", Coupons.CLAIMED);
        for (String field : List.of("reservation", "orderId", "reservedUntil", "discount")) {
            back.put(field, null);
        }
        Optional<Map<String, Object>> returned = records.updateWhere(Coupons.OBJECT, couponId,
                Coupons.and(Coupons.eq("status", Coupons.RESERVED), Coupons.eq("reservation", id)), back);
        Map<String, Object> coupon = returned.orElseGet(() -> records.get(Coupons.OBJECT, couponId).orElseThrow());
        if (returned.isEmpty() && Coupons.REDEEMED.equals(coupon.get("status")) && id.equals(coupon.get("reservation"))) {
            settle(context, coupon);
            return records.get(OBJECT, id).orElseThrow();
        }
        Map<String, Object> ended = records.updateWhere(OBJECT, id, OPEN, Map.of("status", RELEASED,
                "releasedAt", context.now().toString(), "reason", why)).orElseGet(() -> records.get(OBJECT, id).orElseThrow());
        if (returned.isPresent()) { // a template deleted since keeps the place: the order is refused more, never less
            Templates.find(records, String.valueOf(coupon.get("template"))).ifPresent(template ->
                    Stacking.giveBack(records, template, (String) reservation.get("orderId"), coupon.get("orderSlot")));
        }
        if (returned.isPresent() || RELEASED.equals(ended.get("status")) && ended.get("heldAt") != null) {
            CouponEvents.track(context, "coupon.released", id, coupon, Map.of("orderId", ended.get("orderId"),
                    "reason", ended.get("reason")));
        }
        return ended;
    }

    /** {@code release}: the order gives up the coupon it reserved (checkout abandoned); releasing again answers the same. */
    @Extension
    public static class Release implements Operation {
        @Override
        public String name() {
            return "release";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            String id = (String) request.input().get("reservation");
            Optional<Map<String, Object>> reservation = request.context().records().get(OBJECT, id);
            if (reservation.isEmpty()) {
                return OperationResult.refused("RESERVATION_NOT_FOUND", "there is no reservation " + id);
            }
            return OperationResult.ok(view(release(request.context(), reservation.get(), "cancelled")));
        }
    }

    /** The task that ends a reservation at its time. */
    @Extension
    public static class Expire implements TaskHandler {
        @Override
        public String name() {
            return TASK;
        }

        @Override
        public TaskResult run(TaskRequest request) {
            String id = String.valueOf(request.payload().get("reservation"));
            Optional<Map<String, Object>> reservation = request.context().records().get(OBJECT, id);
            if (reservation.isEmpty()) {
                return TaskResult.failed("RESERVATION_NOT_FOUND", "there is no reservation " + id);
            }
            release(request.context(), reservation.get(), "expired");
            return TaskResult.done();
        }
    }
}
