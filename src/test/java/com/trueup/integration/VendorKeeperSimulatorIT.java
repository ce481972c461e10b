package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.simulator.KeeperPlan;
import com.trueup.simulator.KeeperSimulator;
import com.trueup.support.IntegrationTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The Keeper simulator over real HTTP: Keeper's companies, SKUs and three months of counts, deterministic. */
class VendorKeeperSimulatorIT extends IntegrationTest {

    @Autowired
    VendorDirectory directory;

    @Test
    void theSimulatorPlaysKeeperAndTheUsageMatchesItsPlan() {
        clock.set(Instant.parse("2026-07-20T15:00:00Z"));
        LocalDate today = LocalDate.of(2026, 7, 20);
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);

        KeeperSimulator.Result result = KeeperSimulator.run(baseUrl(), c.token(), today);
        assertThat(result.accounts()).isEqualTo(25);
        assertThat(result.services()).isEqualTo(6);
        assertThat(result.firstDay()).isEqualTo(LocalDate.of(2026, 4, 20));

        List<VendorAccount> accounts = directory.accounts(t.id(), c.id());
        assertThat(accounts).hasSize(25);
        assertThat(accounts).extracting(VendorAccount::externalId).contains("kc-1001", "kc-1025");
        assertThat(directory.services(t.id(), c.id()))
                .extracting(VendorService::name)
                .containsExactlyInAnyOrderElementsOf(KeeperPlan.SKUS);
        assertThat(directory.integration(t.id(), c.id()).orElseThrow().status()).isEqualTo("active");

        // every series' quantities for June and for July to date equal the plan's step function
        KeeperPlan plan = KeeperPlan.of(today);
        Map<UUID, String> companies = new HashMap<>();
        accounts.forEach(a -> companies.put(a.id(), a.name()));
        Map<UUID, String> skus = new HashMap<>();
        directory.services(t.id(), c.id()).forEach(s -> skus.put(s.id(), s.name()));
        checkPeriod(plan, t.id(), companies, skus, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 7, 1));
        checkPeriod(plan, t.id(), companies, skus, LocalDate.of(2026, 7, 1), today.plusDays(1));
        checkPeriod(plan, t.id(), companies, skus, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1));

        // Horizon Travel Co: added mid-month, counts from July 15
        UUID horizon = accounts.stream()
                .filter(a -> a.name().equals("Horizon Travel Co"))
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 15)))
                .noneMatch(q -> q.accountId().equals(horizon));
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 16)))
                .anyMatch(q -> q.accountId().equals(horizon));

        // running it again changes nothing
        long days =
                c.tenant().api().get(c.path("/usage/daily")).json().get("total").asLong();
        KeeperSimulator.Result again = KeeperSimulator.run(baseUrl(), c.token(), today);
        assertThat(again.services()).isEqualTo(6);
        assertThat(directory.accounts(t.id(), c.id())).hasSize(25);
        assertThat(c.tenant()
                        .api()
                        .get(c.path("/usage/daily"))
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(days);
        checkPeriod(plan, t.id(), companies, skus, LocalDate.of(2026, 7, 1), today.plusDays(1));
    }

    private void checkPeriod(
            KeeperPlan plan,
            UUID tenantId,
            Map<UUID, String> companies,
            Map<UUID, String> skus,
            LocalDate start,
            LocalDate end) {
        List<UsageQuantity> usage = directory.usage(tenantId, start, end);
        int expectedSeries = 0;
        for (String[] series : plan.series()) {
            if (plan.counts().get(series[0]).get(series[1]).firstKey().isBefore(end)) {
                expectedSeries++;
            }
        }
        assertThat(usage).hasSize(expectedSeries);
        long dayCount = ChronoUnit.DAYS.between(start, end);
        for (UsageQuantity q : usage) {
            String company = companies.get(q.accountId());
            String sku = skus.get(q.serviceId());
            long sum = 0;
            int peak = 0;
            for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
                int count = plan.countOn(company, sku, day);
                sum += count;
                peak = Math.max(peak, count);
            }
            BigDecimal average = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(dayCount), 4, RoundingMode.HALF_UP);
            assertThat(q.dailyAverage()).as(company + " / " + sku + " " + start).isEqualByComparingTo(average);
            assertThat(q.latest())
                    .as(company + " / " + sku)
                    .isEqualByComparingTo(BigDecimal.valueOf(plan.countOn(company, sku, end.minusDays(1))));
            assertThat(q.peak()).as(company + " / " + sku).isEqualByComparingTo(BigDecimal.valueOf(peak));
        }
    }
}
