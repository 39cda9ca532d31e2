package io.quanyu.customer360;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * RFM and social influence, computed from a profile's stored inputs when asked (so recency is always as of now,
 * without a job rewriting every profile each night).
 */
public final class Scores {
    private Scores() {
    }

    /** Recency, frequency and monetary scores (1 to 5 each; recency 0 for a profile without orders). */
    public record Rfm(int recency, int frequency, int monetary) {
        public String code() {
            return "" + recency + frequency + monetary;
        }
    }

    static Rfm rfm(ProfileState s, Customer360Settings settings, Instant now) {
        int recency = s.lastOrderAt == null ? 0 : recency(Duration.between(s.lastOrderAt, now).toDays(), settings.recencyDays());
        int frequency = band(settings.frequencyOrders().stream().map(BigDecimal::valueOf).toList(), BigDecimal.valueOf(s.ordersCount));
        int monetary = band(settings.monetaryAmounts(), s.ordersAmount);
        return new Rfm(recency, s.ordersCount == 0 ? 0 : frequency, s.ordersCount == 0 ? 0 : monetary);
    }

    private static int recency(long days, List<Integer> bounds) {
        for (int i = 0; i < bounds.size(); i++) {
            if (days <= bounds.get(i)) {
                return 5 - i;
            }
        }
        return 1;
    }

    private static int band(List<BigDecimal> lowerBounds, BigDecimal value) {
        int score = 1;
        for (BigDecimal bound : lowerBounds) {
            if (value.compareTo(bound) >= 0) {
                score++;
            }
        }
        return Math.min(score, 5);
    }

    static BigDecimal influence(ProfileState s, Customer360Settings.InfluenceWeights w) {
        double score = w.followers() * Math.log1p(s.totalFollowers()) + w.shares() * Math.log1p(s.shares)
                + w.visitors() * Math.log1p(s.referredVisitors) + w.customers() * s.referredCustomers
                + w.orderValue() * Math.log1p(s.referredOrderValue.doubleValue() / 100);
        return BigDecimal.valueOf(Math.min(100, Math.max(0, score))).setScale(2, RoundingMode.HALF_UP);
    }
}
