package io.quanyu.plugin.host;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ContextServices;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.testkit.InMemoryServices;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test kit refuses what the platform refuses: one list of events a plugin might track (scoped and unscoped
 * identities, values to normalise, bad names) goes through the host's real services on the customer 360 and through
 * the test kit's in-memory ones, and both answer alike: the same events stored or refused with the same code, the
 * same duplicates, and the same events landing on the same customer.
 */
class PluginEventsParityTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
    private static final PluginKey PLUGIN = new PluginKey("wechat", "1.0.0");

    /** The events, in order; the answer of each is compared, and which earlier event's customer it shares. */
    private static final List<Event> EVENTS = List.of(
            event("e1", "wechat.subscribe", Identity.scoped("wechat_openid", "wx8f2c", "o6_bmjrPTlm6")),
            event("e2", "wechat.message", Identity.scoped("wechat_openid", " wx8f2c ", " o6_bmjrPTlm6 ")),
            event("e3", "wechat.subscribe", Identity.scoped("wechat_openid", "wx0001", "o6_bmjrPTlm6")),
            event("e4", "wechat.subscribe", Identity.of("wechat_openid", "o6_bmjrPTlm6")),
            event("e5", "order.paid", Identity.of("phone", "13800138000")),
            event("e6", "order.paid", Identity.of("phone", "+86 138-0013-8000")),
            event("e7", "order.paid", Identity.of("phone", "12345")),
            event("e8", "shop.visit", Identity.of("email", " Li@Example.COM "), Identity.of("phone", "13900139000")),
            event("e9", "shop.visit", Identity.of("email", "li@example.com")),
            event("e10", "shop.visit", Identity.of("fax", "010-1234")),
            event("e11", "Shop-Visit", Identity.of("email", "a@b.cn")),
            event("e 12", "shop.visit", Identity.of("email", "a@b.cn")),
            event("e13", "shop.visit"),
            event("e1", "wechat.subscribe", Identity.scoped("wechat_openid", "wx8f2c", "o6_bmjrPTlm6")),
            event("e14", "buy", Identity.scoped("buyer_id", "tmall-1", "b-77"), Identity.of("phone", "13800138000")),
            new Event("e15", "shop.visit", Instant.parse("2126-01-01T00:00:00Z"), List.of(Identity.of("phone", "13800138000")),
                    null, Map.of()));

    @Test
    void theTestKitAnswersEveryEventAsThePlatformDoes() {
        List<String> platform = outcomes(platformServices().events()::trackAll);
        List<String> testKit = outcomes(new InMemoryServices().open(PLUGIN, scope(new TenantId("acme")))
                .events()::trackAll);

        assertThat(testKit).isEqualTo(platform);
        assertThat(platform).as("the cases cover stored, refused and duplicate answers").contains(
                "e1 stored as c1", "e3 stored as c3", "e4 refused EVENT_INVALID", "e6 stored as c5",
                "e1 duplicate as c1", "e14 stored as c5", "e15 refused EVENT_TIME_IN_FUTURE");
    }

    @Test
    void trackRefusesWithTheCodeAndTrackAllRefusesAnOversizedBatchOnBothSides() {
        var real = platformServices().events();
        var kit = new InMemoryServices().open(PLUGIN, scope(new TenantId("acme"))).events();
        List<Event> tooMany = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            tooMany.add(event("b" + i, "shop.visit", Identity.of("device_id", "d" + i)));
        }
        for (var events : List.of(real, kit)) {
            assertThatThrownBy(() -> events.track(EVENTS.get(6))).isInstanceOfSatisfying(PluginException.class,
                    e -> assertThat(e.code()).isEqualTo("EVENT_INVALID"));
            assertThatThrownBy(() -> events.trackAll(tooMany)).isInstanceOfSatisfying(PluginException.class,
                    e -> assertThat(e.code()).isEqualTo("EVENT_BATCH_TOO_LARGE"));
            assertThat(events.track(EVENTS.getFirst()).duplicate()).isFalse();
        }
    }

    /**
     * Each answer as text, with customers named by the first event that reached them ({@code c1} is e1's), so two
     * stores that make up different ids still compare.
     */
    private static List<String> outcomes(java.util.function.Function<List<Event>, List<Tracked>> trackAll) {
        List<Tracked> answers = trackAll.apply(EVENTS);
        Map<String, String> names = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Tracked t = answers.get(i);
            int position = i;
            out.add(t.eventId() + (t.refused() != null ? " refused " + t.refused().code()
                    : (t.duplicate() ? " duplicate as " : " stored as ")
                    + names.computeIfAbsent(t.customerId(), c -> "c" + (position + 1))));
        }
        return out;
    }

    private ContextServices.Bundle platformServices() {
        TenantId tenant = new TenantId("par" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        var databases = new MongoTenantDatabases(MONGO.client());
        var metadata = new MetadataService(Clock.systemUTC(), Runnable::run);
        var records = new RecordService(metadata, Clock.systemUTC());
        var guarded = new io.quanyu.records.Records(databases, metadata, records, null);
        var c360 = new Customer360(metadata, records, Clock.systemUTC());
        TenantAccess access = t -> new TenantAccess.Handle(databases.forTenant(
                new TenantContext(t, "s", "host", Set.of(Role.TENANT_ADMIN), false)), Quotas.DEFAULT);
        var services = new PlatformContextServices(access, guarded, null, null,
                new Customer360Events(new io.quanyu.customer360.Customers(databases, c360, guarded)),
                new PluginStores(new SecretBox(Node.KEY), Clock.systemUTC()),
                new PluginTasks(null, Clock.systemUTC()), "http://localhost:8080", new io.quanyu.plugin.runtime.SessionTokens(new byte[32], java.time.Clock.systemUTC(), io.quanyu.plugin.runtime.SessionTokens.Revocations.inMemory()));
        return services.open(PLUGIN, scope(tenant));
    }

    private static CallScope scope(TenantId tenant) {
        return new CallScope(tenant, "someone", Set.of(Role.INTEGRATOR), "c-1");
    }

    private static Event event(String id, String type, Identity... identities) {
        return new Event(id, type, AT, List.of(identities), null, Map.of("n", 1));
    }
}
