package io.quanyu.plugins.loyalty;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Tier decisions as a function of the ledger, the policy and the time: upgrades, downgrades, grace, time zones. */
class TiersTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final List<Tiers.Tier> TIERS = List.of(tier("gold", 1000, "1.5"), tier("silver", 0, "1"), tier("platinum", 5000, "2"));
    private static final Tiers.Policy CALENDAR = new Tiers.Policy(TIERS, "points", Tiers.CALENDAR, 30, SHANGHAI);
    private static final Tiers.Policy ROLLING = new Tiers.Policy(TIERS, "points", Tiers.ROLLING, 0, SHANGHAI);
    private static final Tiers.State NEW = new Tiers.State("silver", null, null);

    @Test
    void anUpgradeIsImmediateAndHeldToTheEndOfTheFollowingYearInTheProgramsZone() {
        Instant march = Instant.parse("2026-03-01T02:00:00Z");
        List<Tiers.Qualifying> history = List.of(q("2026-02-01T00:00:00Z", 600), q("2026-03-01T02:00:00Z", 400));
        Tiers.State gold = Tiers.decide(CALENDAR, history, NEW, march);
        assertThat(gold).isEqualTo(new Tiers.State("gold", march, Instant.parse("2027-12-31T16:00:00Z")));
        assertThat(Tiers.decide(CALENDAR, history.subList(0, 1), NEW, march)).as("600 is not enough").isEqualTo(NEW);
        assertThat(Tiers.decide(CALENDAR, history, gold, march.plusSeconds(60))).as("the same again changes nothing").isEqualTo(gold);
    }

    @Test
    void theCalendarYearTurnsAtMidnightInTheProgramsZoneNotInUtc() {
        // 2026-12-31T16:30Z is 00:30 on 1 January 2027 in Shanghai: it counts for 2027, not with the 2026 earnings
        List<Tiers.Qualifying> history = List.of(q("2026-12-31T15:59:59Z", 900), q("2026-12-31T16:30:00Z", 200));
        assertThat(Tiers.decide(CALENDAR, history, NEW, Instant.parse("2026-12-31T16:30:00Z")).tier()).isEqualTo("silver");
        assertThat(Tiers.decide(CALENDAR, history, NEW, Instant.parse("2026-12-31T15:59:59Z")).tier()).isEqualTo("silver");
        Tiers.Policy utc = new Tiers.Policy(TIERS, "points", Tiers.CALENDAR, 30, ZoneId.of("UTC"));
        assertThat(Tiers.decide(utc, history, NEW, Instant.parse("2026-12-31T16:30:00Z")).tier()).as("in UTC it is still 2026")
                .isEqualTo("gold");
        assertThat(Tiers.sum(CALENDAR, history, Instant.parse("2026-12-31T16:30:00Z"))).isEqualByComparingTo("200");
    }

    @Test
    void aDowngradeWaitsForTheEndOfTheHeldTimeAndItsGraceDaysAndFallsToWhatTheEndedWindowEarned() {
        Tiers.State platinum = new Tiers.State("platinum", Instant.parse("2026-03-01T02:00:00Z"), Instant.parse("2027-12-31T16:00:00Z"));
        List<Tiers.Qualifying> history = List.of(q("2026-03-01T02:00:00Z", 6000), q("2027-05-01T00:00:00Z", 1200));
        Instant end = platinum.until();
        assertThat(Tiers.decide(CALENDAR, history, platinum, end)).as("the grace days have begun").isEqualTo(platinum);
        assertThat(Tiers.decide(CALENDAR, history, platinum, end.plus(Duration.ofDays(30)).minusSeconds(1))).isEqualTo(platinum);
        Instant review = end.plus(Duration.ofDays(30));
        assertThat(Tiers.decide(CALENDAR, history, platinum, review)).as("2027 earned gold, not platinum")
                .isEqualTo(new Tiers.State("gold", review, Instant.parse("2029-12-31T16:00:00Z")));
        assertThat(Tiers.decide(CALENDAR, history.subList(0, 1), platinum, review)).as("nothing in 2027: the base tier")
                .isEqualTo(new Tiers.State("silver", review, null));
    }

    @Test
    void qualifyingAgainInTheGraceDaysKeepsTheTier() {
        Tiers.State gold = new Tiers.State("gold", Instant.parse("2026-03-01T02:00:00Z"), Instant.parse("2027-12-31T16:00:00Z"));
        Instant january = Instant.parse("2028-01-10T04:00:00Z");
        List<Tiers.Qualifying> history = List.of(q("2026-03-01T02:00:00Z", 1000), q("2028-01-10T04:00:00Z", 1000));
        Tiers.State kept = Tiers.decide(CALENDAR, history, gold, january);
        assertThat(kept).as("qualified again in January, inside the grace days: held to the end of 2029")
                .isEqualTo(new Tiers.State("gold", gold.since(), Instant.parse("2029-12-31T16:00:00Z")));
        assertThat(Tiers.decide(CALENDAR, history, kept, Instant.parse("2028-02-15T00:00:00Z"))).isEqualTo(kept);
    }

    @Test
    void aRollingWindowHoldsTwelveMonthsFromTheUpgradeAndRenewsOnQualifyingAgain() {
        Instant may = Instant.parse("2026-05-10T00:00:00Z");
        List<Tiers.Qualifying> history = new ArrayList<>(List.of(q("2025-07-01T00:00:00Z", 700), q("2026-05-10T00:00:00Z", 400)));
        Tiers.State gold = Tiers.decide(ROLLING, history, NEW, may);
        assertThat(gold).isEqualTo(new Tiers.State("gold", may, Instant.parse("2027-05-10T00:00:00Z")));
        assertThat(Tiers.decide(ROLLING, history, gold, Instant.parse("2027-05-10T00:00:00Z")))
                .as("a year on, the window ending then holds only 400").extracting(Tiers.State::tier).isEqualTo("silver");
        history.add(q("2027-01-01T00:00:00Z", 700));
        Instant renewed = Instant.parse("2027-01-01T00:00:00Z");
        assertThat(Tiers.decide(ROLLING, history, gold, renewed)).as("1,100 in the last 12 months again")
                .isEqualTo(new Tiers.State("gold", may, Instant.parse("2028-01-01T00:00:00Z")));
    }

    @Test
    void theDecisionIsAFunctionOfTheLedgerThePolicyAndTheTime() {
        Random random = new Random(19);
        for (int run = 0; run < 200; run++) {
            List<Tiers.Qualifying> history = new ArrayList<>();
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 20; i++) {
                t = t.plus(Duration.ofHours(random.nextInt(24 * 60)));
                history.add(new Tiers.Qualifying(t, BigDecimal.valueOf(random.nextInt(800))));
            }
            Tiers.State state = NEW;
            for (Tiers.Qualifying q : history) {
                state = Tiers.decide(CALENDAR, history.stream().filter(h -> !h.at().isAfter(q.at())).toList(), state, q.at());
            }
            List<Tiers.Qualifying> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, random);
            Instant at = t.plus(Duration.ofDays(random.nextInt(900)));
            assertThat(Tiers.decide(CALENDAR, shuffled, state, at)).isEqualTo(Tiers.decide(CALENDAR, history, state, at));
            Tiers.State decided = Tiers.decide(CALENDAR, history, state, at);
            assertThat(CALENDAR.rank(decided.tier())).as("never above what some window qualified for")
                    .isLessThanOrEqualTo(Math.max(CALENDAR.rank(state.tier()),
                            CALENDAR.rank(CALENDAR.qualified(Tiers.sum(CALENDAR, history, at)).key())));
        }
    }

    private static Tiers.Tier tier(String key, int threshold, String multiplier) {
        return new Tiers.Tier(key, key, BigDecimal.valueOf(threshold), new BigDecimal(multiplier));
    }

    private static Tiers.Qualifying q(String at, int value) {
        return new Tiers.Qualifying(Instant.parse(at), BigDecimal.valueOf(value));
    }

}
