package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of earns, spends, passing days (expiry), refunds of earns and cancellations of spends, under each
 * refund policy, against a reference model written plainly here: after every step the balance, the pending and the
 * owed points match the model's; at the end every lot matches the model's lot, and for every lot its amount is what
 * is left of it, plus what unreversed spends took of it, plus what expired, plus what was reversed (so no lot is
 * consumed twice, and no expiry takes what was spent). A failure names the seed and the step.
 */
class LedgerPropertyTest {
    private static final String TENANT = "acme";
    private static final int SEEDS = 12;
    private static final int STEPS = 45;

    @ParameterizedTest
    @ValueSource(strings = {"block", "partial", "negative"})
    void randomSequencesKeepTheLedgerInvariantAndMatchTheReferenceModel(String policy) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(policy, seed);
        }
    }

    private void run(String policy, long seed) {
        Random random = new Random(seed * 31 + policy.hashCode());
        try (TestHost host = TestHost.start()) {
            Installed plugin = host.install(LoyaltyZip.build());
            Instant now = Instant.parse("2026-01-05T02:00:00Z");
            host.services().clock().set(now);
            int pendingDays = random.nextInt(3);
            host.operation(plugin, TENANT, "defineProgram", Map.of("key", "p", "name", "P", "expiry", "months",
                    "expiryMonths", 1, "pendingDays", pendingDays, "refundPolicy", policy));
            String member = host.services().track(TENANT, new Event("e-" + seed, "page_view", now,
                    List.of(Identity.of("phone", "+8613800000001")), "web", Map.of())).customerId();
            Model model = new Model(policy, pendingDays);
            List<String> earns = new ArrayList<>();
            List<String> spends = new ArrayList<>();
            Map<String, Integer> lotOfEarn = new HashMap<>();
            for (int i = 0; i < STEPS; i++) {
                int step = i;
                String where = "seed " + seed + " (" + policy + "), step " + step;
                now = now.plus(Duration.ofHours(1 + random.nextInt(30)));
                host.services().clock().set(now);
                host.runDueTasks();
                model.passTo(now);
                int choice = random.nextInt(10);
                if (choice < 4) {
                    long points = 1 + random.nextInt(60);
                    String key = "o" + step;
                    Map<String, Object> done = host.operation(plugin, TENANT, "earn", Map.of("program", "p", "customerId", member,
                            "points", points, "key", key));
                    assertThat(done).as(where).containsEntry("status", "done");
                    earns.add(key);
                    lotOfEarn.put(key, model.earn(points, now));
                } else if (choice < 7) {
                    long points = 1 + random.nextInt(50);
                    String key = "s" + step;
                    boolean allowed = model.spend(points, now, key);
                    String outcome = outcome(() -> host.operation(plugin, TENANT, "spend", Map.of("program", "p", "customerId",
                            member, "points", points, "key", key)));
                    assertThat(outcome).as(where + ": spend " + points).isEqualTo(allowed ? "done" : "INSUFFICIENT_POINTS");
                    if (allowed) {
                        spends.add(key);
                    }
                } else if (choice < 9 && !earns.isEmpty()) {
                    String of = earns.get(random.nextInt(earns.size()));
                    String expected = model.reverseEarn(lotOfEarn.get(of), now);
                    String outcome = outcome(() -> host.operation(plugin, TENANT, "reverse", Map.of("program", "p", "kind", "earn",
                            "of", of, "key", "r" + step)));
                    assertThat(outcome).as(where + ": refund of " + of).isEqualTo(expected);
                } else if (!spends.isEmpty()) {
                    String of = spends.get(random.nextInt(spends.size()));
                    String expected = model.reverseSpend(of, now);
                    String outcome = outcome(() -> host.operation(plugin, TENANT, "reverse", Map.of("program", "p", "kind", "spend",
                            "of", of, "key", "c" + step)));
                    assertThat(outcome).as(where + ": cancel of " + of).isEqualTo(expected);
                }
                Map<String, Object> balance = host.operation(plugin, TENANT, "balance", Map.of("program", "p", "customerId", member));
                assertThat(balance).as(where + ": the balance").containsEntry("available", model.available(now))
                        .containsEntry("pending", model.pending(now)).containsEntry("owed", model.debt);
            }
            List<Map<String, Object>> lots = host.services().records(TENANT, "loyaltyLot").stream()
                    .sorted(Comparator.comparing(l -> String.valueOf(l.get("earnedAt")))).toList();
            List<Model.Lot> expected = model.lots.stream().filter(l -> l.amount > 0).toList();
            assertThat(lots).as("seed " + seed + " (" + policy + "): the lots").hasSize(expected.size());
            Map<String, Long> takenBySpends = takenByUnreversedSpends(host);
            for (int i = 0; i < lots.size(); i++) {
                Map<String, Object> lot = lots.get(i);
                Model.Lot mine = expected.get(i);
                String where = "seed " + seed + " (" + policy + "), lot " + i;
                assertThat(lot).as(where).containsEntry("amount", mine.amount).containsEntry("remaining", mine.remaining)
                        .containsEntry("expired", mine.expired).containsEntry("reversed", mine.reversed);
                long spent = takenBySpends.getOrDefault(String.valueOf(lot.get("_id")), 0L);
                assertThat(mine.amount).as(where + ": amount = left + spent + expired + reversed")
                        .isEqualTo(mine.remaining + spent + mine.expired + mine.reversed);
            }
        }
    }

    /** What the done spends that were not reversed took from each lot. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> takenByUnreversedSpends(TestHost host) {
        Map<String, Long> taken = new HashMap<>();
        for (Map<String, Object> entry : host.services().records(TENANT, "loyaltyEntry")) {
            if ("spend".equals(entry.get("kind")) && "done".equals(entry.get("status")) && entry.get("reversedBy") == null
                    && entry.get("consumed") instanceof List<?> consumed) {
                for (Object c : consumed) {
                    Map<String, Object> part = (Map<String, Object>) c;
                    taken.merge(String.valueOf(part.get("lot")), ((Number) part.get("amount")).longValue(), Long::sum);
                }
            }
        }
        return taken;
    }

    private static String outcome(java.util.function.Supplier<Map<String, Object>> call) {
        try {
            return String.valueOf(call.get().get("status"));
        } catch (PluginCallException e) {
            return e.pluginCode();
        }
    }

    /** The ledger's rules, written plainly: lots in a list, a debt, first to expire first. */
    static final class Model {
        static final class Lot {
            final long amount;
            final Instant earnedAt;
            final Instant activeFrom;
            final Instant expiresAt;
            long remaining;
            long expired;
            long reversed;
            boolean closed;
            long paidDebt;
            boolean earnReversed;

            Lot(long amount, Instant earnedAt, Instant activeFrom, Instant expiresAt) {
                this.amount = amount;
                this.earnedAt = earnedAt;
                this.activeFrom = activeFrom;
                this.expiresAt = expiresAt;
                this.remaining = amount;
            }

            boolean usable(Instant now) {
                return !closed && !now.isBefore(activeFrom) && now.isBefore(expiresAt);
            }
        }

        final String policy;
        final int pendingDays;
        final List<Lot> lots = new ArrayList<>();
        final Map<String, List<long[]>> spent = new HashMap<>(); // spend key: [lot index, amount]...
        final java.util.Set<String> spendsReversed = new java.util.HashSet<>();
        long debt;

        Model(String policy, int pendingDays) {
            this.policy = policy;
            this.pendingDays = pendingDays;
        }

        int earn(long points, Instant now) {
            long pay = Math.min(debt, points);
            debt -= pay;
            Lot lot = new Lot(points - pay, now, now.plus(Duration.ofDays(pendingDays)),
                    now.atZone(Programs.DEFAULT_ZONE).plusMonths(1).toInstant());
            lot.paidDebt = pay;
            lots.add(lot);
            return lots.size() - 1;
        }

        void passTo(Instant now) {
            for (Lot lot : lots) {
                if (!lot.closed && !now.isBefore(lot.expiresAt)) {
                    lot.expired += lot.remaining;
                    lot.remaining = 0;
                    lot.closed = true;
                }
            }
        }

        long available(Instant now) {
            return lots.stream().filter(l -> l.usable(now)).mapToLong(l -> l.remaining).sum();
        }

        long pending(Instant now) {
            return lots.stream().filter(l -> !l.closed && now.isBefore(l.activeFrom)).mapToLong(l -> l.remaining).sum();
        }

        boolean spend(long points, Instant now, String key) {
            if (available(now) - debt < points) {
                return false;
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < lots.size(); i++) {
                if (lots.get(i).usable(now) && lots.get(i).remaining > 0) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparing((Integer i) -> lots.get(i).expiresAt).thenComparing(i -> lots.get(i).earnedAt));
            long need = points;
            List<long[]> took = new ArrayList<>();
            for (int i : order) {
                long take = Math.min(lots.get(i).remaining, need);
                lots.get(i).remaining -= take;
                took.add(new long[] {i, take});
                need -= take;
                if (need == 0) {
                    break;
                }
            }
            spent.put(key, took);
            return true;
        }

        String reverseEarn(int index, Instant now) {
            Lot lot = lots.get(index);
            if (lot.earnReversed) {
                return "ENTRY_REVERSED";
            }
            long spentOfIt = lot.amount - lot.remaining - lot.expired - lot.reversed;
            if (spentOfIt > 0 && policy.equals("block")) {
                return "POINTS_ALREADY_SPENT";
            }
            lot.reversed += lot.remaining;
            lot.remaining = 0;
            debt += (policy.equals("negative") ? spentOfIt : 0) + lot.paidDebt;
            lot.earnReversed = true;
            return "done";
        }

        String reverseSpend(String key, Instant now) {
            if (!spendsReversed.add(key)) {
                return "ENTRY_REVERSED";
            }
            for (long[] took : spent.get(key)) {
                Lot lot = lots.get((int) took[0]);
                if (lot.closed || !now.isBefore(lot.expiresAt)) {
                    lot.expired += took[1];
                } else {
                    lot.remaining += took[1];
                }
            }
            return "done";
        }
    }
}
