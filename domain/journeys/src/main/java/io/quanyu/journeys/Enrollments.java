package io.quanyu.journeys;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enrollments ({@value #COLLECTION}) and the step log ({@value #STEPS}). Each enrollment change is conditional on
 * its {@code seq}; each step a run takes is logged once under its key ({@code journey|customer|run|node}) before its
 * effect, with what it decided (the arm, yes or no, when a wait began), so a run repeated after a crash takes the same
 * path and passes the same key to the side effect, which does it at most once.
 */
final class Enrollments {
    static final String COLLECTION = "journey_enrollments";
    static final String STEPS = "journey_steps";

    void ensureIndexes(TenantDatabase db) {
        enrollments(db).createIndexes(List.of(new IndexModel(Indexes.ascending("customer", "state")),
                new IndexModel(Indexes.ascending("journey", "state", "node"))));
        steps(db).createIndex(Indexes.ascending("journey", "customer"));
    }

    static String id(String journey, String customer) {
        return journey + "|" + customer;
    }

    Optional<Enrollment> find(TenantDatabase db, String journey, String customer) {
        return Optional.ofNullable(enrollments(db).find(Filters.eq("_id", id(journey, customer))).first()).map(Enrollments::of);
    }

    /** The enrollments with these ids ({@link #id}), those there are. */
    List<Enrollment> findAll(TenantDatabase db, Collection<String> ids) {
        List<Enrollment> out = new ArrayList<>();
        for (Document d : enrollments(db).find(Filters.in("_id", ids))) {
            out.add(of(d));
        }
        return out;
    }

    /**
     * First enrollments of many customers at once (each as {@link #enter} writes one, without values); answers the ids
     * written, leaving out those that already had one.
     */
    java.util.Set<String> enterAll(TenantDatabase db, List<Enrollment> first, Instant now) {
        List<Document> docs = first.stream().map(e -> new Document("_id", e.id()).append("journey", e.journey())
                .append("customer", e.customer()).append("run", 1L).append("version", e.version()).append("node", e.node())
                .append("state", Enrollment.ACTIVE).append("seq", 1L).append("holdout", e.holdout())
                .append("enteredAt", Date.from(now)).append("updatedAt", Date.from(now))).toList();
        java.util.Set<String> written = new java.util.LinkedHashSet<>();
        first.forEach(e -> written.add(e.id()));
        try {
            enrollments(db).insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            for (var error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                written.remove(first.get(error.getIndex()).id());
            }
        }
        return written;
    }

    /** The enrollments of these customers that are not done, in any journey. */
    List<Enrollment> open(TenantDatabase db, Collection<String> customers) {
        List<Enrollment> out = new ArrayList<>();
        for (Document d : enrollments(db).find(Filters.and(Filters.in("customer", customers), Filters.ne("state", Enrollment.DONE)))) {
            out.add(of(d));
        }
        return out;
    }

    /**
     * Enrollments of the journey that should have moved and have not: waiting past their due time before
     * {@code waitingBefore}, or active (a run in progress) since before {@code activeBefore}; oldest due first.
     */
    List<Enrollment> stuck(TenantDatabase db, String journey, Instant waitingBefore, Instant activeBefore, int limit) {
        List<Enrollment> out = new ArrayList<>();
        for (Document d : enrollments(db).find(Filters.and(Filters.eq("journey", journey), Filters.or(
                        Filters.and(Filters.eq("state", Enrollment.WAITING), Filters.lt("dueAt", Date.from(waitingBefore))),
                        Filters.and(Filters.eq("state", Enrollment.ACTIVE), Filters.lt("updatedAt", Date.from(activeBefore))))))
                .sort(com.mongodb.client.model.Sorts.ascending("dueAt", "updatedAt")).limit(Math.clamp(limit, 1, 1_000))) {
            out.add(of(d));
        }
        return out;
    }

    /** The customer's enrollments in every journey (the latest run of each). */
    List<Enrollment> ofCustomer(TenantDatabase db, String customer) {
        List<Enrollment> out = new ArrayList<>();
        for (Document d : enrollments(db).find(Filters.eq("customer", customer))) {
            out.add(of(d));
        }
        return out;
    }

    /** The first enrollment of the customer in the journey; false when there already is one. */
    boolean enter(TenantDatabase db, String journey, String customer, long version, String start, boolean holdout,
                  Map<String, Object> values, Instant now) {
        try {
            Document doc = new Document("_id", id(journey, customer)).append("journey", journey)
                    .append("customer", customer).append("run", 1L).append("version", version).append("node", start)
                    .append("state", Enrollment.ACTIVE).append("seq", 1L).append("holdout", holdout)
                    .append("enteredAt", Date.from(now)).append("updatedAt", Date.from(now));
            if (!values.isEmpty()) {
                doc.append("values", new Document(values));
            }
            enrollments(db).insertOne(doc);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /** A new run of a done enrollment (a re-entry), if it is still at {@code seq}. */
    boolean reenter(TenantDatabase db, Enrollment e, long version, String start, boolean holdout, Map<String, Object> values,
                    Instant now) {
        return move(db, e, Updates.combine(Updates.inc("run", 1L), Updates.set("version", version), Updates.set("node", start),
                Updates.set("holdout", holdout), values.isEmpty() ? Updates.unset("values") : Updates.set("values", new Document(values)),
                Updates.set("state", Enrollment.ACTIVE), Updates.set("enteredAt", Date.from(now)), Updates.unset("outcome"),
                Updates.unset("reason"), Updates.unset("endedAt"), Updates.unset("dueAt")), now);
    }

    /** Rests the enrollment at a wait node until {@code due} ({@link #moveAll}). */
    static Bson resting(String node, Instant due) {
        return Updates.combine(Updates.set("node", node), Updates.set("state", Enrollment.WAITING), Updates.set("dueAt", Date.from(due)));
    }

    /** Moves the enrollment on to {@code node}, active, if it is still at {@code seq}. */
    boolean resume(TenantDatabase db, Enrollment e, String node, Instant now) {
        return move(db, e, resuming(node), now);
    }

    static Bson resuming(String node) {
        return Updates.combine(Updates.set("node", node), Updates.set("state", Enrollment.ACTIVE), Updates.unset("dueAt"));
    }

    /** Ends the run with its outcome, if it is still at {@code seq}. */
    boolean finish(TenantDatabase db, Enrollment e, String node, String outcome, @Nullable String reason, Instant now) {
        return move(db, e, finishing(node, outcome, reason, now), now);
    }

    static Bson finishing(String node, String outcome, @Nullable String reason, Instant now) {
        return Updates.combine(Updates.set("node", node), Updates.set("state", Enrollment.DONE), Updates.set("outcome", outcome),
                Updates.set("reason", reason), Updates.set("endedAt", Date.from(now)), Updates.unset("dueAt"));
    }

    /** A change of an enrollment conditional on its seq ({@link #resting}, {@link #finishing}). */
    record Move(Enrollment e, Bson update) {
    }

    /**
     * Many enrollments' changes in one write, each conditional on its seq; answers, in order, whether each was taken
     * (one another writer moved first was not). When some were not, the enrollments are read back: a change was taken
     * if the enrollment is one seq on and carries this write's token ({@code w}).
     */
    List<Boolean> moveAll(TenantDatabase db, List<Move> moves, Instant now) {
        if (moves.size() == 1) {
            return List.of(move(db, moves.getFirst().e(), moves.getFirst().update(), now));
        }
        String token = java.util.UUID.randomUUID().toString();
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        for (Move m : moves) {
            writes.add(new com.mongodb.client.model.UpdateOneModel<>(seqOf(m.e()),
                    advanced(Updates.combine(m.update(), Updates.set("w", token)), now)));
        }
        if (enrollments(db).bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false))
                .getMatchedCount() == moves.size()) {
            return java.util.Collections.nCopies(moves.size(), true);
        }
        Map<String, Document> stored = new java.util.HashMap<>();
        enrollments(db).find(Filters.in("_id", moves.stream().map(m -> m.e().id()).toList()))
                .projection(new Document("seq", 1).append("w", 1)).forEach(d -> stored.put(d.getString("_id"), d));
        List<Boolean> taken = new ArrayList<>();
        for (Move m : moves) {
            Document d = stored.get(m.e().id());
            taken.add(d != null && d.get("seq", Number.class).longValue() == m.e().seq() + 1 && token.equals(d.getString("w")));
        }
        return taken;
    }

    private boolean move(TenantDatabase db, Enrollment e, Bson update, Instant now) {
        return enrollments(db).updateOne(seqOf(e), advanced(update, now)).getMatchedCount() == 1;
    }

    private static Bson seqOf(Enrollment e) {
        return Filters.and(Filters.eq("_id", e.id()), Filters.eq("seq", e.seq()));
    }

    private static Bson advanced(Bson update, Instant now) {
        return Updates.combine(update, Updates.inc("seq", 1L), Updates.set("updatedAt", Date.from(now)));
    }

    /**
     * Moves an enrollment to {@code node} of {@code version}, active (a migration on publish), if it is still at
     * {@code seq}; its run and logged steps stay.
     */
    boolean migrate(TenantDatabase db, Enrollment e, long version, String node, Instant now) {
        return move(db, e, Updates.combine(Updates.set("version", version), Updates.set("node", node),
                Updates.set("state", Enrollment.ACTIVE), Updates.unset("dueAt")), now);
    }

    /** How many of the journey's customers are active or waiting on a version before {@code version}, by version, node and state. */
    List<Migration.Plan.Row> before(TenantDatabase db, String journey, long version, Migration migration) {
        List<Migration.Plan.Row> rows = new ArrayList<>();
        for (Document d : enrollments(db).aggregate(List.of(Aggregates.match(olderOpen(journey, version)),
                Aggregates.group(new Document("version", "$version").append("node", "$node").append("state", "$state"),
                        Accumulators.sum("n", 1L))))) {
            Document key = d.get("_id", Document.class);
            rows.add(Migration.Plan.Row.of(key.get("version", Number.class).longValue(), key.getString("node"),
                    key.getString("state"), migration, ((Number) d.get("n")).longValue()));
        }
        rows.sort(java.util.Comparator.comparing(Migration.Plan.Row::version).thenComparing(Migration.Plan.Row::node)
                .thenComparing(Migration.Plan.Row::state));
        return rows;
    }

    /** A page of the journey's customers active or waiting on a version before {@code version}, by id after {@code after}. */
    List<Enrollment> olderOpen(TenantDatabase db, String journey, long version, String after, int limit) {
        List<Enrollment> out = new ArrayList<>();
        for (Document d : enrollments(db).find(Filters.and(olderOpen(journey, version), Filters.gt("_id", after)))
                .sort(com.mongodb.client.model.Sorts.ascending("_id")).limit(limit)) {
            out.add(of(d));
        }
        return out;
    }

    private static Bson olderOpen(String journey, long version) {
        return Filters.and(Filters.eq("journey", journey), Filters.in("state", Enrollment.ACTIVE, Enrollment.WAITING),
                Filters.lt("version", version));
    }

    /**
     * A step to log ({@link #stepAll}): {@code index} is the step's place in the stretch of the run that began at the
     * enrollment's current {@code seq} (the steps' order), {@code choice} what it decided, if anything.
     */
    record StepLog(Enrollment e, String node, int index, Instant at, @Nullable String choice) {
    }

    /**
     * Logs the steps of many runs in one write, each once: the first call writes it with its {@code at} and
     * {@code choice}; a later one (the run repeated) answers what the first wrote, so the repeat decides as the first
     * did. Answers each logged step, in order.
     */
    List<Step> stepAll(TenantDatabase db, List<StepLog> logs) {
        List<Document> docs = new ArrayList<>();
        List<Step> out = new ArrayList<>();
        for (StepLog log : logs) {
            Enrollment e = log.e();
            String id = e.step(log.node());
            Document doc = new Document("_id", id).append("journey", e.journey()).append("customer", e.customer())
                    .append("run", e.run()).append("version", e.version()).append("node", log.node())
                    .append("order", e.seq() * 1_000 + log.index()).append("at", Date.from(log.at())).append("choice", log.choice());
            if (e.holdout()) {
                doc.append("holdout", true); // the tenant's global holdout: left out of experiments' tallies
            }
            docs.add(doc);
            out.add(new Step(id, log.at(), log.choice(), true, null));
        }
        try {
            steps(db).insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException ex) {
            List<Integer> logged = new ArrayList<>();
            for (var error : ex.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw ex;
                }
                logged.add(error.getIndex());
            }
            if (ex.getWriteConcernError() != null) {
                throw ex;
            }
            Map<String, Document> first = new java.util.HashMap<>();
            steps(db).find(Filters.in("_id", logged.stream().map(i -> out.get(i).id()).toList()))
                    .forEach(d -> first.put(d.getString("_id"), d));
            for (int i : logged) {
                Document d = first.get(out.get(i).id());
                out.set(i, new Step(d.getString("_id"), d.getDate("at").toInstant(), d.getString("choice"), false,
                        d.get("result", Document.class)));
            }
        }
        return out;
    }

    /** Records what a logged step's effect answered (a send's delivery and status, a timeout taken). */
    void outcome(TenantDatabase db, String step, Map<String, Object> result) {
        steps(db).updateOne(Filters.eq("_id", step), Updates.set("result", new Document(result)));
    }

    /** The steps of the customer in the journey, run by run, in the order taken. */
    List<Document> path(TenantDatabase db, String journey, String customer) {
        return steps(db).find(Filters.and(Filters.eq("journey", journey), Filters.eq("customer", customer)))
                .sort(com.mongodb.client.model.Sorts.ascending("run", "order")).into(new ArrayList<>());
    }

    /** Per node, how many enrollments of the journey are there now, by state ({@code node -> state -> n}). */
    Map<String, Map<String, Long>> counts(TenantDatabase db, String journey) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Document d : enrollments(db).aggregate(List.of(Aggregates.match(Filters.eq("journey", journey)),
                Aggregates.group(new Document("node", "$node").append("state", "$state").append("outcome", "$outcome"),
                        Accumulators.sum("n", 1L))))) {
            Document key = d.get("_id", Document.class);
            String state = Enrollment.DONE.equals(key.getString("state")) ? key.getString("outcome") : key.getString("state");
            out.computeIfAbsent(key.getString("node"), n -> new LinkedHashMap<>())
                    .merge(state, ((Number) d.get("n")).longValue(), Long::sum);
        }
        return out;
    }

    /**
     * A logged step: when it was first taken and what it decided; {@code first} for the call that logged it, and for a
     * later one what its effect answered so far ({@code result}), if anything.
     */
    record Step(String id, Instant at, @Nullable String choice, boolean first, @Nullable Document result) {
    }

    /**
     * What a run's sends may name besides the customer: {@code entry}, the values its trigger entered it with, and
     * {@code steps}, each done action step's output by node.
     */
    Map<String, Object> variables(TenantDatabase db, Enrollment e) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        Document enrollment = enrollments(db).find(Filters.eq("_id", e.id())).projection(new Document("values", 1)).first();
        if (enrollment != null && enrollment.get("values") instanceof Document values) {
            out.put("entry", values);
        }
        Map<String, Object> steps = new java.util.LinkedHashMap<>();
        for (Document d : steps(db).find(Filters.and(Filters.eq("journey", e.journey()), Filters.eq("customer", e.customer()),
                Filters.eq("run", e.run()), Filters.exists("result.output")))) {
            steps.put(d.getString("node"), d.get("result", Document.class).get("output"));
        }
        if (!steps.isEmpty()) {
            out.put("steps", steps);
        }
        return out;
    }

    private static Enrollment of(Document d) {
        Date due = d.getDate("dueAt");
        Date ended = d.getDate("endedAt");
        return new Enrollment(d.getString("journey"), d.getString("customer"), d.get("run", Number.class).longValue(),
                d.get("version", Number.class).longValue(), d.getString("node"), d.getString("state"),
                d.get("seq", Number.class).longValue(), due == null ? null : due.toInstant(), d.getDate("enteredAt").toInstant(),
                d.getString("outcome"), d.getString("reason"), ended == null ? null : ended.toInstant(),
                Boolean.TRUE.equals(d.getBoolean("holdout")));
    }

    private static MongoCollection<Document> enrollments(TenantDatabase db) {
        return db.collection(COLLECTION);
    }

    private static MongoCollection<Document> steps(TenantDatabase db) {
        return db.collection(STEPS);
    }
}
