package com.trueup.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/** The simulator's plan: Keeper's demo data, deterministic, with realistic churn. */
class KeeperSimulatorPlanTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 7, 20);

    @Test
    void theDemoCompaniesAndSkusAreKeepers() {
        assertThat(KeeperPlan.COMPANIES)
                .hasSize(25)
                .startsWith("Acme Dental Group")
                .endsWith("Horizon Travel Co");
        assertThat(KeeperPlan.accountId("Acme Dental Group")).isEqualTo("kc-1001");
        assertThat(KeeperPlan.accountId("Horizon Travel Co")).isEqualTo("kc-1025");
        assertThat(KeeperPlan.SKUS)
                .containsExactly(
                        "Keeper Business",
                        "Keeper Enterprise",
                        "Advanced Reporting & Alerts",
                        "Compliance Reports",
                        "BreachWatch",
                        "Secure File Storage");
        KeeperPlan plan = KeeperPlan.of(TODAY);
        assertThat(plan.counts().keySet()).containsExactlyElementsOf(KeeperPlan.COMPANIES);
        assertThat(plan.firstDay()).isEqualTo(LocalDate.of(2026, 4, 20));
        // every SKU is used by someone; everyone has a base seat SKU
        for (String sku : KeeperPlan.SKUS) {
            assertThat(plan.counts().values().stream().anyMatch(m -> m.containsKey(sku)))
                    .as(sku)
                    .isTrue();
        }
        plan.counts()
                .forEach((company, bySku) -> assertThat(
                                bySku.containsKey("Keeper Business") || bySku.containsKey("Keeper Enterprise"))
                        .as(company)
                        .isTrue());
    }

    @Test
    void thePlanIsDeterministic() {
        assertThat(KeeperPlan.of(TODAY).counts()).isEqualTo(KeeperPlan.of(TODAY).counts());
        assertThat(KeeperPlan.of(TODAY, 7).counts())
                .isNotEqualTo(KeeperPlan.of(TODAY, 8).counts());
    }

    @Test
    void horizonTravelArrivesInTheMiddleOfTheCurrentMonth() {
        KeeperPlan plan = KeeperPlan.of(TODAY);
        assertThat(plan.lateCompanyStart()).isEqualTo(LocalDate.of(2026, 7, 15));
        for (NavigableMap<LocalDate, Integer> steps :
                plan.counts().get("Horizon Travel Co").values()) {
            assertThat(steps.firstKey()).isEqualTo(LocalDate.of(2026, 7, 15));
        }
        assertThat(plan.countOn("Horizon Travel Co", "Keeper Business", LocalDate.of(2026, 7, 14))
                        + plan.countOn("Horizon Travel Co", "Keeper Enterprise", LocalDate.of(2026, 7, 14)))
                .isZero();
        // early in a month "mid-month" is halfway to today, never in the future
        assertThat(KeeperPlan.of(LocalDate.of(2026, 7, 9)).lateCompanyStart()).isEqualTo(LocalDate.of(2026, 7, 5));
        assertThat(KeeperPlan.of(LocalDate.of(2026, 7, 1)).lateCompanyStart()).isEqualTo(LocalDate.of(2026, 7, 1));
    }

    @Test
    void seatsAreAddedAndRemovedAndAddOnsCancelled() {
        KeeperPlan plan = KeeperPlan.of(TODAY);
        boolean added = false;
        boolean removed = false;
        boolean cancelled = false;
        for (Map<String, NavigableMap<LocalDate, Integer>> bySku : plan.counts().values()) {
            for (NavigableMap<LocalDate, Integer> steps : bySku.values()) {
                List<Integer> values = List.copyOf(steps.values());
                for (int i = 1; i < values.size(); i++) {
                    added |= values.get(i) > values.get(i - 1);
                    removed |= values.get(i) < values.get(i - 1) && values.get(i) > 0;
                    cancelled |= values.get(i) == 0;
                }
            }
        }
        assertThat(added).isTrue();
        assertThat(removed).isTrue();
        assertThat(cancelled).isTrue();
        String company = "Acme Dental Group";
        String sku =
                plan.counts().get(company).containsKey("Keeper Business") ? "Keeper Business" : "Keeper Enterprise";
        assertThat(plan.countOn(company, sku, plan.firstDay().minusDays(1))).isZero();
        assertThat(plan.countOn(company, sku, TODAY)).isPositive();
    }
}
