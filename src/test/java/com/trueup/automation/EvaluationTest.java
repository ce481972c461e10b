package com.trueup.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.reconciliation.AutomaticApprovals.PendingLine;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final Instant NOW = Instant.parse("2026-08-04T06:00:00Z");
    private static final UUID KEEPER = UUID.randomUUID();
    private static final UUID BUSINESS = UUID.randomUUID();
    private static final UUID ACME = UUID.randomUUID();
    private static final UUID BLUE = UUID.randomUUID();

    private static PendingLine line(UUID company, String psa, String write, boolean contract) {
        return new PendingLine(
                UUID.randomUUID(),
                YearMonth.of(2026, 7),
                contract ? "reconcile" : "new-revenue",
                KEEPER,
                Set.of(KEEPER),
                Set.of(BUSINESS),
                company,
                company == ACME ? "Acme" : "Blue Ridge",
                UUID.randomUUID(),
                "Keeper Business",
                contract,
                new BigDecimal(write),
                new BigDecimal(psa),
                new BigDecimal(write),
                BigDecimal.ZERO);
    }

    private static Rule rule(String name, int position, RuleMode mode, Scope scope, Guards guards) {
        return new Rule(
                UUID.randomUUID(),
                UUID.randomUUID(),
                position,
                name,
                mode,
                scope,
                guards,
                Schedule.parse("after-rebuild", null, null, null, "previous"),
                null,
                NOW,
                "a",
                NOW,
                "a");
    }

    private static Guards guards(
            String units, String percent, String floor, String ceiling, boolean newLines, Integer vendorHours) {
        return new Guards(
                Guards.Direction.BOTH,
                units == null ? null : new BigDecimal(units),
                percent == null ? null : new BigDecimal(percent),
                floor == null ? null : new BigDecimal(floor),
                ceiling == null ? null : new BigDecimal(ceiling),
                newLines,
                vendorHours,
                null);
    }

    private static Evaluation.Freshness fresh() {
        return new Evaluation.Freshness(
                NOW, Map.of(KEEPER, NOW.minus(Duration.ofHours(2))), NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void guardRailsGiveEveryReason() {
        Rule r = rule("Small", 1, RuleMode.ON, Scope.ALL, guards("5", "25", "5", "50", false, 24));
        PendingLine increase = line(ACME, "10", "12", true);
        PendingLine decrease = line(BLUE, "25", "15", true);
        PendingLine belowFloor = line(ACME, "6", "4", true);
        PendingLine newLine = line(BLUE, "0", "3", false);
        var result =
                Evaluation.evaluate(r, List.of(r), List.of(increase, decrease, belowFloor, newLine), fresh(), Map.of());
        assertThat(result.approvals()).extracting(d -> d.line()).containsExactly(increase);
        assertThat(result.holds())
                .extracting(Evaluation.Decision::reason)
                .containsExactly(
                        "a change of 10 units is more than the limit of 5; a change of 40 % is more than the limit of 25 %",
                        "a change of 33.3 % is more than the limit of 25 %; would go below the floor of 5",
                        "new revenue (no contract line yet): this rule does not add contract lines; would go below the floor of 5");
    }

    @Test
    void staleOrMissingVendorDataHoldsBack() {
        Rule r = rule("Fresh", 1, RuleMode.ON, Scope.ALL, guards(null, null, null, null, true, 24));
        PendingLine l = line(ACME, "10", "12", true);
        var stale = new Evaluation.Freshness(NOW, Map.of(KEEPER, NOW.minus(Duration.ofHours(30))), NOW);
        assertThat(Evaluation.evaluate(r, List.of(r), List.of(l), stale, Map.of())
                        .holds()
                        .get(0)
                        .reason())
                .isEqualTo("the vendor's data is 30 h old, more than the 24 h this rule allows");
        var never = new Evaluation.Freshness(NOW, Map.of(), NOW);
        assertThat(Evaluation.evaluate(r, List.of(r), List.of(l), never, Map.of())
                        .holds()
                        .get(0)
                        .reason())
                .isEqualTo("the vendor has not sent any data yet");
    }

    @Test
    void theFirstRuleOnWhoseScopeCoversALineDecidesIt() {
        Rule acmeOnly = rule(
                "Acme",
                1,
                RuleMode.ON,
                new Scope(Scope.Kind.COMPANY, ACME),
                guards(null, null, "100", null, false, null));
        Rule all = rule("All", 2, RuleMode.ON, Scope.ALL, guards(null, null, null, null, false, null));
        PendingLine acme = line(ACME, "10", "12", true);
        PendingLine blue = line(BLUE, "10", "12", true);
        var allResult = Evaluation.evaluate(all, List.of(acmeOnly, all), List.of(acme, blue), fresh(), Map.of());
        assertThat(allResult.decisions()).extracting(d -> d.line()).containsExactly(blue);
        assertThat(allResult.coveredAbove()).isEqualTo(1);
        assertThat(Evaluation.evaluate(acmeOnly, List.of(acmeOnly, all), List.of(acme, blue), fresh(), Map.of())
                        .holds())
                .extracting(Evaluation.Decision::reason)
                .containsExactly("would go below the floor of 100");
        // a rule that is off is previewed in its place: above the general one it takes Acme
        Rule offAbove = rule(
                "Preview",
                1,
                RuleMode.OFF,
                new Scope(Scope.Kind.COMPANY, ACME),
                guards(null, null, null, null, false, null));
        assertThat(Evaluation.evaluate(offAbove, List.of(all), List.of(acme, blue), fresh(), Map.of())
                        .approvals())
                .extracting(d -> d.line())
                .containsExactly(acme);
    }

    @Test
    void aQuantityARuleAlreadyApprovedIsLeftToAPersonWhenTheLineAsksForItAgain() {
        Rule r = rule("All", 1, RuleMode.ON, Scope.ALL, guards(null, null, null, null, false, null));
        PendingLine l = line(ACME, "10", "12", true);
        var result = Evaluation.evaluate(
                r, List.of(r), List.of(l), fresh(), Map.of(l.id(), List.of(new BigDecimal("12.0000"))));
        assertThat(result.holds().get(0).reason())
                .startsWith("a rule already approved 12 for this line and the PSA bills 10 again");
        assertThat(Evaluation.evaluate(
                                r, List.of(r), List.of(l), fresh(), Map.of(l.id(), List.of(new BigDecimal("11"))))
                        .approvals())
                .hasSize(1);
    }
}
