package io.quanyu.customer360;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.quanyu.customer360.C360Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionTest {
    final C360Fixture f = new C360Fixture();

    @Test
    void theSameBatchSentTwiceIsStoredOnce() {
        String batch = "[" + event("b1", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"d-1\"}") + ","
                + event("b2", "share", "2026-05-01T08:01:00Z", "{\"device_id\": \"d-1\"}") + "]";
        var first = f.track(batch);
        var second = f.track(batch);
        assertThat(first).extracting(EventResult::status).containsExactly("stored", "stored");
        assertThat(second).extracting(EventResult::status).containsExactly("duplicate", "duplicate");
        assertThat(second).extracting(EventResult::customerId).containsOnly(first.getFirst().customerId());
        JsonNode profile = f.profile(first.getFirst().customerId());
        assertThat(profile.path("aggregates").path("counts").path("page_view").asLong()).isEqualTo(1);
        assertThat(profile.path("aggregates").path("social").path("shares").asLong()).isEqualTo(1);
        assertThat(f.db.collection(EventStore.COLLECTION).countDocuments()).isEqualTo(2);
    }

    @Test
    void aCustomerRecordACrashKeptFromFollowingItsProfileIsMadeWhenTheRequestIsRepeated() {
        String first = event("k1", "signup", "2026-05-01T08:00:00Z", "{\"email\": \"cut@example.com\"}");
        String customer = f.track("[" + first + "]").getFirst().customerId();
        // as if the node had died after claiming the identity and before writing the record: the profile is flagged
        f.db.collection("r_customer").deleteOne(new org.bson.Document("_id", customer));
        f.db.collection("c360_profiles").updateOne(new org.bson.Document("_id", customer),
                new org.bson.Document("$set", new org.bson.Document(ProfileStore.RECORD_PENDING, true)));
        assertThatThrownBy(() -> f.profile(customer)).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.RECORD_NOT_FOUND));

        var repeated = f.track("[" + event("k2", "signup", "2026-05-01T08:00:01Z", "{\"email\": \"cut@example.com\"}") + "]");
        assertThat(repeated.getFirst().customerId()).isEqualTo(customer);
        assertThat(f.profile(customer).path("record").path("email").asString()).isEqualTo("cut@example.com");
        assertThat(f.db.collection("c360_profiles").find(new org.bson.Document("_id", customer)).first())
                .doesNotContainKey(ProfileStore.RECORD_PENDING);
        // a profile whose record was written is not flagged
        String other = f.track("[" + event("k3", "signup", "2026-05-01T08:00:02Z", "{\"email\": \"whole@example.com\"}") + "]")
                .getFirst().customerId();
        assertThat(f.db.collection("c360_profiles").find(new org.bson.Document("_id", other)).first())
                .doesNotContainKey(ProfileStore.RECORD_PENDING);
    }

    @Test
    void anEventDatedAheadOfTheClockIsRefusedAloneAndAFewMinutesOfSkewAreAllowed() {
        String skewed = java.time.Instant.now().plus(java.time.Duration.ofMinutes(2)).toString();
        var results = f.track("[" + event("f1", "page_view", "2126-01-01T00:00:00Z", "{\"device_id\": \"d-f\"}") + ","
                + event("f2", "page_view", skewed, "{\"device_id\": \"d-f\"}") + "]");
        assertThat(results).extracting(EventResult::status).containsExactly("rejected", "stored");
        assertThat(results.getFirst().code()).isEqualTo("EVENT_TIME_IN_FUTURE");
        assertThat(results.getFirst().violations()).extracting(v -> v.pointer()).containsExactly("/events/0/time");
        assertThat(f.db.collection(EventStore.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(f.profile(results.get(1).customerId()).path("aggregates").path("counts").path("page_view").asLong())
                .isEqualTo(1);
    }

    @Test
    void theTypesOfProfileChangesAreThePlatformsAndRefused() {
        var results = f.track("[" + event("p1", "profile.tags_changed", "2026-05-01T08:00:00Z", "{\"device_id\": \"d-p\"}")
                + "," + event("p2", "profile_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"d-p\"}") + "]");
        assertThat(results).extracting(EventResult::status).containsExactly("rejected", "stored");
        assertThat(results.getFirst().code()).isEqualTo("EVENT_INVALID");
        assertThat(results.getFirst().violations()).extracting(v -> v.code()).containsExactly("reserved");
    }

    @Test
    void anEventRepeatedInOneBatchIsADuplicateOfTheSameCustomer() {
        String once = event("r1", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"d-r\"}");
        var results = f.track("[" + once + "," + once + "]");
        assertThat(results).extracting(EventResult::status).containsExactly("stored", "duplicate");
        assertThat(results.get(1).customerId()).isNotNull().isEqualTo(results.getFirst().customerId());
        assertThat(f.profile(results.getFirst().customerId()).path("aggregates").path("counts").path("page_view")
                .asLong()).isEqualTo(1);
    }

    @Test
    void oneBadEventIsReportedAndTheOthersAreStored() {
        var results = f.track("[" + event("g1", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"d-2\"}") + ","
                + "{\"eventId\": \"bad 1\", \"type\": \"Page View\", \"time\": \"yesterday\", \"identities\": {\"phone\": \"12\", \"fax\": \"1\"}},"
                + event("g2", "page_view", "2026-05-01T08:02:00Z", "{\"device_id\": \"d-2\"}") + "]");
        assertThat(results).extracting(EventResult::status).containsExactly("stored", "rejected", "stored");
        EventResult bad = results.get(1);
        assertThat(bad.code()).isEqualTo("EVENT_INVALID");
        assertThat(bad.violations()).extracting(v -> v.pointer()).contains("/events/1/eventId", "/events/1/type",
                "/events/1/time", "/events/1/identities/phone", "/events/1/identities/fax");
        assertThat(f.db.collection(EventStore.COLLECTION).countDocuments()).isEqualTo(2);
    }

    @Test
    void aBatchOverTheLimitIsRefusedWhole() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i <= Ingestion.MAX_BATCH; i++) {
            big.append(i == 0 ? "" : ",").append(event("x" + i, "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"d\"}"));
        }
        assertThatThrownBy(() -> f.track(big + "]")).isInstanceOfSatisfying(QuanyuException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.EVENT_BATCH_TOO_LARGE));
        assertThat(f.db.collection(EventStore.COLLECTION).countDocuments()).isZero();
    }

    @Test
    void strictEventTypesRefuseBadPropertiesAndLenientOnesWarn() {
        f.c360.eventTypes().put(f.db, "coupon.redeemed", C360Fixture.JSON.readTree(
                "{\"type\": \"object\", \"properties\": {\"code\": {\"type\": \"string\"}}, \"required\": [\"code\"]}"), true);
        f.c360.eventTypes().put(f.db, "page.scrolled", C360Fixture.JSON.readTree(
                "{\"type\": \"object\", \"properties\": {\"depth\": {\"type\": \"integer\"}}}"), false);
        var results = f.track("[{\"eventId\": \"s1\", \"type\": \"coupon.redeemed\", \"time\": \"2026-05-01T08:00:00Z\","
                + " \"identities\": {\"device_id\": \"d-3\"}, \"properties\": {}},"
                + "{\"eventId\": \"s2\", \"type\": \"page.scrolled\", \"time\": \"2026-05-01T08:00:00Z\","
                + " \"identities\": {\"device_id\": \"d-3\"}, \"properties\": {\"depth\": \"deep\"}}]");
        assertThat(results.get(0).status()).isEqualTo("rejected");
        assertThat(results.get(0).violations()).extracting(v -> v.pointer()).containsExactly("/events/0/properties/code");
        assertThat(results.get(1).status()).isEqualTo("stored");
        assertThat(results.get(1).warnings()).extracting(v -> v.pointer()).containsExactly("/events/1/properties/depth");
    }

    @Test
    void identitiesThatMayNotMergeRaiseASuggestionInstead() {
        String a = f.track("[" + event("n1", "page_view", "2026-05-01T08:00:00Z", "{\"email\": \"Li@Example.com\"}") + "]")
                .getFirst().customerId();
        String b = f.track("[" + event("n2", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"dev-9\"}") + "]")
                .getFirst().customerId();
        var linked = f.track("[" + event("n3", "page_view", "2026-05-02T08:00:00Z",
                "{\"email\": \"li@example.com\", \"device_id\": \"dev-9\"}") + "]");
        assertThat(linked.getFirst().customerId()).isEqualTo(a);
        var suggestions = f.c360.merges().suggestions(f.db, a);
        assertThat(suggestions).hasSize(1);
        assertThat(suggestions.getFirst().getList("customers", String.class)).containsExactlyInAnyOrder(a, b);
        f.c360.merges().accept(f.db, suggestions.getFirst().getString("_id"), "tester");
        assertThat(f.c360.merges().suggestions(f.db, a)).isEmpty();
        assertThat(f.profile(a).path("identities").size()).isEqualTo(2);
    }

    @Test
    void ordersMoveMonetaryAggregatesOnceAndRefundsTakeThemBack() {
        String first = java.time.Instant.now().minus(java.time.Duration.ofDays(30)).toString();
        String second = java.time.Instant.now().minus(java.time.Duration.ofDays(20)).toString();
        String orders = """
                [{"orderNo": "SO-1", "identities": {"phone": "13900139000"}, "status": "paid",
                  "total": {"amount": 1200.50, "currency": "CNY"}, "orderedAt": "%s", "channel": "store",
                  "lines": [{"sku": "SH-1", "category": "shoes", "quantity": 1, "amount": 1000.50},
                            {"sku": "SK-2", "category": "socks", "quantity": 2, "amount": 200}]},
                 {"orderNo": "SO-2", "identities": {"phone": "13900139000"}, "status": "paid",
                  "total": {"amount": 300, "currency": "CNY"}, "orderedAt": "%s", "channel": "ecommerce"}]
                """.formatted(first, second);
        var results = f.c360.orders(f.db, Quotas.DEFAULT, "feed", C360Fixture.JSON.readTree(orders));
        assertThat(results).extracting(OrderFeed.OrderResult::status).containsExactly("stored", "stored");
        f.c360.orders(f.db, Quotas.DEFAULT, "feed", C360Fixture.JSON.readTree(orders));
        String customer = results.getFirst().customerId();
        JsonNode profile = f.profile(customer);
        assertThat(profile.path("aggregates").path("orders").path("count").asLong()).isEqualTo(2);
        org.bson.Document firstEvent = f.db.collection("c360_events").find(new org.bson.Document("type", "order")
                .append("properties.orderNo", "SO-1")).first();
        assertThat(firstEvent).as("the order's event").isNotNull();
        assertThat(firstEvent.get("properties", org.bson.Document.class).getList("lines", org.bson.Document.class))
                .as("an order's lines ride on its event, for rules by category").extracting(d -> d.getString("category"))
                .containsExactly("shoes", "socks");
        assertThat(profile.path("aggregates").path("orders").path("amount").decimalValue()).isEqualByComparingTo("1500.50");
        assertThat(profile.path("stage").asString()).isEqualTo("repeat");
        assertThat(profile.path("scores").path("rfm").path("frequency").asInt()).isEqualTo(2);
        assertThat(profile.path("scores").path("rfm").path("recency").asInt()).isEqualTo(5);
        f.c360.orders(f.db, Quotas.DEFAULT, "feed", C360Fixture.JSON.readTree("""
                [{"orderNo": "SO-2", "identities": {"phone": "13900139000"}, "status": "refunded",
                  "total": {"amount": 300, "currency": "CNY"}, "orderedAt": "%s"}]""".formatted(second)));
        JsonNode refunded = f.profile(customer);
        assertThat(refunded.path("aggregates").path("orders").path("count").asLong()).isEqualTo(1);
        assertThat(refunded.path("stage").asString()).isEqualTo("customer");
        assertThat(f.records.get(f.db, "order", orderId("SO-2"), false).path("status").asString()).isEqualTo("refunded");
    }

    private String orderId(String orderNo) {
        return f.db.collection("r_order").find(new org.bson.Document("orderNo", orderNo)).first().getString("_id");
    }

    @Test
    void referralsAndSharesBuildTheInfluenceScore() {
        String referrer = f.track("[" + event("r0", "share", "2026-05-01T08:00:00Z", "{\"member_no\": \"R1\"}") + "]")
                .getFirst().customerId();
        for (int i = 1; i <= 3; i++) {
            f.track("[{\"eventId\": \"v" + i + "\", \"type\": \"visit\", \"time\": \"2026-05-02T08:00:00Z\","
                    + " \"identities\": {\"device_id\": \"friend-" + i + "\"}, \"properties\": {\"referrer\": \"" + referrer + "\"}}]");
        }
        f.c360.orders(f.db, Quotas.DEFAULT, "feed", C360Fixture.JSON.readTree("""
                [{"orderNo": "RO-1", "identities": {"device_id": "friend-1"}, "status": "paid",
                  "total": {"amount": 800, "currency": "CNY"}, "orderedAt": "2026-05-03T10:00:00Z"}]"""));
        JsonNode social = f.profile(referrer).path("aggregates").path("social");
        assertThat(social.path("shares").asLong()).isEqualTo(1);
        assertThat(social.path("referredVisitors").asLong()).isEqualTo(3);
        assertThat(social.path("referredCustomers").asLong()).isEqualTo(1);
        assertThat(social.path("referredOrderValue").decimalValue()).isEqualByComparingTo("800");
        assertThat(f.profile(referrer).path("scores").path("influence").decimalValue()).isGreaterThan(java.math.BigDecimal.TEN);
    }

    @Test
    void exportHoldsEverythingAndEraseLeavesNoIdentity() {
        String c = f.track("[" + event("p1", "page_view", "2026-05-01T08:00:00Z", "{\"email\": \"wang@example.com\"}") + "]")
                .getFirst().customerId();
        JsonNode export = f.c360.privacy().export(f.db, c, "dpo");
        assertThat(export.path("identities").get(0).path("value").asString()).isEqualTo("wang@example.com");
        assertThat(export.path("events").size()).isEqualTo(1);
        f.c360.privacy().erase(f.db, c, "dpo");
        assertThat(f.db.collection(IdentityStore.COLLECTION).countDocuments(new org.bson.Document("customerId", c))).isZero();
        var event = f.db.collection(EventStore.COLLECTION).find(new org.bson.Document("_id", "p1")).first();
        assertThat(event.getString("customerId")).isEqualTo("erased");
        assertThat(event.toJson()).doesNotContain("wang@example.com");
        assertThat(f.c360.privacy().auditLog(f.db, c)).extracting(d -> d.getString("action")).containsExactly("erase", "export");
        var again = f.track("[" + event("p2", "page_view", "2026-05-02T08:00:00Z", "{\"email\": \"wang@example.com\"}") + "]");
        assertThat(again.getFirst().customerId()).isNotEqualTo(c);
    }

    @Test
    void eventsStoredButNotAppliedBeforeACrashAreAppliedByTheSweepOnce() {
        String c = f.track("[" + event("c0", "page_view", "2026-05-01T08:00:00Z", "{\"device_id\": \"crash\"}") + "]")
                .getFirst().customerId();
        var lost = new TrackedEvent("c1", "share", java.time.Instant.parse("2026-05-01T09:00:00Z"), null,
                List.of(new Identity("device_id", null, "crash")), C360Fixture.JSON.createObjectNode(), c);
        new BatchStore().open(f.db, List.of("c1"));
        new EventStore().insert(f.db, List.of(lost));
        assertThat(f.profile(c).path("aggregates").path("social").path("shares").asLong()).isZero();
        assertThat(f.c360.sweep(f.db, 100, java.time.Duration.ZERO)).isEqualTo(1);
        assertThat(f.c360.sweep(f.db, 100, java.time.Duration.ZERO)).isZero();
        assertThat(f.profile(c).path("aggregates").path("social").path("shares").asLong()).isEqualTo(1);
        var retried = f.track("[" + event("c1", "share", "2026-05-01T09:00:00Z", "{\"device_id\": \"crash\"}") + "]");
        assertThat(retried.getFirst().status()).isEqualTo("duplicate");
        assertThat(f.profile(c).path("aggregates").path("social").path("shares").asLong()).isEqualTo(1);
    }

    @Test
    void eventsOfAProfileMergedLaterInTheSameBatchGoToTheSurvivor() {
        String member = f.track("[" + event("mb0", "member.joined", "2026-05-01T08:00:00Z", "{\"member_no\": \"MB-1\"}") + "]")
                .getFirst().customerId();
        var results = f.track("[" + event("mb1", "page_view", "2026-05-02T08:00:00Z", "{\"phone\": \"13600136000\"}") + ","
                + event("mb2", "signup", "2026-05-02T08:01:00Z", "{\"phone\": \"13600136000\", \"member_no\": \"MB-1\"}") + "]");
        assertThat(results).extracting(EventResult::customerId).containsOnly(member);
        assertThat(f.c360.timeline(f.db, member, List.of(), List.of(), 10, null).events()).extracting(TrackedEvent::eventId)
                .containsExactly("mb2", "mb1", "mb0");
        assertThat(f.profile(member).path("aggregates").path("counts").path("page_view").asLong()).isEqualTo(1);
    }

    @Test
    void timelinePagesAndFiltersByTypeAndChannel() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"eventId\": \"t" + i + "\", \"type\": \"" + (i % 2 == 0 ? "page_view" : "share")
                    + "\", \"channel\": \"" + (i < 4 ? "wechat" : "app") + "\", \"time\": \"2026-05-01T08:0" + i + ":00Z\","
                    + " \"identities\": {\"device_id\": \"tl\"}}");
        }
        String c = f.track(batch + "]").getFirst().customerId();
        var page1 = f.c360.timeline(f.db, c, List.of(), List.of(), 3, null);
        assertThat(page1.events()).extracting(TrackedEvent::eventId).containsExactly("t6", "t5", "t4");
        var page2 = f.c360.timeline(f.db, c, List.of(), List.of(), 3, page1.nextCursor());
        assertThat(page2.events()).extracting(TrackedEvent::eventId).containsExactly("t3", "t2", "t1");
        assertThat(f.c360.timeline(f.db, c, List.of("share"), List.of("wechat"), 10, null).events())
                .extracting(TrackedEvent::eventId).containsExactly("t3", "t1");
    }
}
