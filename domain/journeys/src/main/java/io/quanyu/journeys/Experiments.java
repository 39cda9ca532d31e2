package io.quanyu.journeys;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The A/B tests of journeys' splits: each arm's customers and conversions, read from the step log (a split's step
 * holds the arm taken; reaching the goal marks the run's split steps {@code converted}), and the winner once the rule
 * of {@link Node.Experiment} picks one ({@value #COLLECTION}, written once per version and split, never changed).
 */
final class Experiments {
    static final String COLLECTION = "journey_experiments";

    /** An arm's tally: customers sent down it and how many of them converted. */
    record Tally(String arm, long customers, long converted, boolean holdout) {
        double rate() {
            return customers == 0 ? 0 : (double) converted / customers;
        }
    }

    /** The arms' tallies of a split in one version, in the split's order. */
    List<Tally> tallies(TenantDatabase db, String journey, long version, Node.Split split) {
        Map<String, long[]> counted = new LinkedHashMap<>();
        for (Document d : db.collection(Enrollments.STEPS).aggregate(List.of(
                Aggregates.match(Filters.and(Filters.eq("journey", journey), Filters.eq("version", version),
                        Filters.eq("node", split.id()), Filters.ne("holdout", true))),
                Aggregates.group("$choice", Accumulators.sum("n", 1L),
                        Accumulators.sum("converted", new Document("$cond", List.of(new Document("$eq", List.of("$converted", true)), 1L, 0L))))))) {
            counted.put(d.getString("_id"), new long[]{((Number) d.get("n")).longValue(), ((Number) d.get("converted")).longValue()});
        }
        List<Tally> out = new ArrayList<>();
        for (Node.Arm arm : split.arms()) {
            long[] c = counted.getOrDefault(arm.name(), new long[2]);
            out.add(new Tally(arm.name(), c[0], c[1], arm.holdout()));
        }
        return out;
    }

    /** The winner decided before, if any. */
    Optional<String> decided(TenantDatabase db, String journey, long version, String node) {
        Document d = db.collection(COLLECTION).find(Filters.eq("_id", id(journey, version, node))).first();
        return Optional.ofNullable(d).map(x -> x.getString("winner"));
    }

    /**
     * The winner of the split's experiment now: decided before, or decided now by the rule (and kept, the first
     * decision written winning a race); empty while no arm has won.
     */
    Optional<String> winner(TenantDatabase db, String journey, long version, Node.Split split, Instant now) {
        Optional<String> before = decided(db, journey, version, split.id());
        if (before.isPresent() || split.experiment() == null) {
            return before;
        }
        List<Tally> tallies = tallies(db, journey, version, split);
        String winner = pick(tallies, split.experiment());
        if (winner == null) {
            return Optional.empty();
        }
        Document stats = new Document();
        tallies.forEach(t -> stats.append(t.arm(), new Document("customers", t.customers()).append("converted", t.converted())));
        try {
            db.collection(COLLECTION).insertOne(new Document("_id", id(journey, version, split.id())).append("journey", journey)
                    .append("version", version).append("node", split.id()).append("winner", winner)
                    .append("decidedAt", Date.from(now)).append("tallies", stats));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return decided(db, journey, version, split.id());
        }
        return Optional.of(winner);
    }

    /** Marks the run's split steps converted (the run reached the journey's goal). */
    void converted(TenantDatabase db, Enrollment e) {
        db.collection(Enrollments.STEPS).updateMany(Filters.and(Filters.eq("journey", e.journey()),
                Filters.eq("customer", e.customer()), Filters.eq("run", e.run()), Filters.ne("choice", null)),
                Updates.set("converted", true));
    }

    /**
     * The rule: among arms outside the holdout that each have at least {@code minPerArm} customers, the best
     * conversion rate wins when a one-sided two-proportion z-test against the runner-up gives a p-value below
     * {@code 1 - confidence}; null otherwise.
     */
    static @Nullable String pick(List<Tally> tallies, Node.Experiment rule) {
        List<Tally> arms = new ArrayList<>(tallies.stream().filter(t -> !t.holdout()).toList());
        if (arms.size() < 2 || arms.stream().anyMatch(t -> t.customers() < rule.minPerArm())) {
            return null;
        }
        arms.sort((a, b) -> Double.compare(b.rate(), a.rate()));
        Tally best = arms.get(0);
        Tally next = arms.get(1);
        double pooled = (double) (best.converted() + next.converted()) / (best.customers() + next.customers());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / best.customers() + 1.0 / next.customers()));
        if (se == 0) {
            return null;
        }
        double z = (best.rate() - next.rate()) / se;
        return 1 - normal(z) < 1 - rule.confidence() ? best.arm() : null;
    }

    /** The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double normal(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    private static String id(String journey, long version, String node) {
        return journey + "@" + version + "|" + node;
    }
}
