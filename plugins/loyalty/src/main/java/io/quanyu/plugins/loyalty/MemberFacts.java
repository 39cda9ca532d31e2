package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginContext;

import java.util.Map;

/**
 * A member's standing in a program as facts on their profile, which segments, journeys and coupon audiences read:
 * {@code plugins.loyalty.points_<program>} (the balance) and {@code plugins.loyalty.tier_<program>} (the tier's key),
 * the program's key with {@code -} as {@code _}.
 */
final class MemberFacts {
    private MemberFacts() {
    }

    static String name(String kind, String program) {
        return kind + "_" + program.replace('-', '_');
    }

    /** Puts the member's balance now, read from the lots. */
    static void points(PluginContext context, String program, String customer) {
        long balance = Ledger.balance(context.records(), program, customer, context.now()).balance();
        context.customers().putFacts(customer, Map.of(name("points", program), balance));
    }

    static void tier(PluginContext context, String program, String customer, String tier) {
        context.customers().putFacts(customer, Map.of(name("tier", program), tier));
    }
}
