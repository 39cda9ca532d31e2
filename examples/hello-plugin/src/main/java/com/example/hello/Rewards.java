package com.example.hello;

import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.Map;
import java.util.Optional;

/**
 * A reward with a limited stock, claimed at most once per customer and never given out more often than stocked:
 * {@code stockReward} creates a reward once per name, {@code claimReward} gives one to a customer.
 */
public final class Rewards {
    static final String REWARD = "helloexampleReward";
    static final String CLAIM = "helloexampleClaim";
    private static final Map<String, Object> SOME_LEFT = Map.of("field", "left", "op", "gte", "value", 1);
    private static final Map<String, Object> PENDING = Map.of("field", "status", "op", "eq", "value", "pending");

    private Rewards() {
    }

    /** {@code stockReward}: the reward of this name, created with its stock the first time only. */
    @Extension
    public static class StockReward implements Operation {
        @Override
        public String name() {
            return "stockReward";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Object name = request.input().get("name");
            Records.Created reward = request.context().records().create(REWARD, "reward:" + name,
                    Map.of("name", name, "left", request.input().get("quantity")));
            return OperationResult.ok(Map.of("created", reward.created(), "left", reward.record().get("left")));
        }
    }

    /** {@code claimReward}: one of the reward for the customer, once; {@code granted} or {@code soldOut}. */
    @Extension
    public static class ClaimReward implements Operation {
        @Override
        public String name() {
            return "claimReward";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            Records records = request.context().records();
            Object name = request.input().get("name");
            Object customer = request.input().get("customerId");
            Optional<Map<String, Object>> reward = records.find(REWARD, Map.of("field", "name", "op", "eq", "value", name),
                    1, null).records().stream().findFirst();
            if (reward.isEmpty()) {
                return OperationResult.refused("REWARD_NOT_FOUND", "there is no reward " + name);
            }
            // 1. The claim, once per customer and reward: a second call finds the first one's.
            String key = name + ":" + customer;
            Records.Created claim = records.create(CLAIM, key, Map.of("reward", name, "customerId", customer));
            Object status = claim.record().get("status");
            Object left = reward.get().get("left");
            if ("pending".equals(status)) {
                // 2. One of the stock, only while some is left, and once per claim even if this call is retried.
                Optional<Map<String, Object>> taken = records.increment(REWARD, (String) reward.get().get("_id"),
                        Map.of("left", -1, "given", 1), SOME_LEFT, key);
                status = taken.isPresent() ? "granted" : "soldOut";
                left = taken.map(r -> r.get("left")).orElse(left);
                // 3. The claim's outcome, written once: only a pending claim moves on.
                records.updateWhere(CLAIM, (String) claim.record().get("_id"), PENDING, Map.of("status", status));
            }
            return OperationResult.ok(Map.of("status", status, "left", left));
        }
    }
}
