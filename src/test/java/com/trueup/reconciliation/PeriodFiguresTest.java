package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodFiguresTest {

    static ReconciliationStore.Totals totals(long lines) {
        return new ReconciliationStore.Totals(
                lines, Map.of("reconcile", lines), BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE);
    }

    @Test
    void remembersTotalsPerOrganisationPeriodVersionAndFilterOnly() {
        PeriodFigures figures = new PeriodFigures();
        AtomicInteger computed = new AtomicInteger();
        UUID tenant = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        String where = " where l.tenant_id = ? and l.period = ? and l.active = true";
        List<Object> params = List.of(tenant, "2026-07");

        assertThat(figures.totals(tenant, "2026-07", version, where, params, () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(1);
        assertThat(figures.totals(
                                tenant,
                                "2026-07",
                                version,
                                where,
                                List.of(tenant, "2026-07"),
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .as("same version, same filter: remembered")
                .isEqualTo(1);
        assertThat(computed).hasValue(1);

        // anything else computes afresh: a new version (the lines changed), another organisation, period or filter
        assertThat(figures.totals(
                                tenant,
                                "2026-07",
                                UUID.randomUUID(),
                                where,
                                params,
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(2);
        UUID other = UUID.randomUUID();
        assertThat(figures.totals(
                                other,
                                "2026-07",
                                version,
                                where,
                                List.of(other, "2026-07"),
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(3);
        assertThat(figures.totals(
                                tenant,
                                "2026-06",
                                version,
                                where,
                                List.of(tenant, "2026-06"),
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(4);
        assertThat(figures.totals(
                                tenant,
                                "2026-07",
                                version,
                                where + " and l.status in (?)",
                                List.of(tenant, "2026-07", "reconcile"),
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(5);
        assertThat(figures.totals(
                                tenant,
                                "2026-07",
                                version,
                                where,
                                List.of(tenant, "2026-07"),
                                () -> totals(computed.incrementAndGet()))
                        .lines())
                .isEqualTo(1);
    }

    @Test
    void periodsWithoutVersionAreNeverRememberedAndTheSizeIsBounded() {
        PeriodFigures figures = new PeriodFigures();
        AtomicInteger computed = new AtomicInteger();
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            figures.totals(
                    tenant, "2026-07", null, " where x", List.of(tenant), () -> totals(computed.incrementAndGet()));
        }
        assertThat(computed).hasValue(3);
        assertThat(figures.size()).isZero();

        for (int i = 0; i < PeriodFigures.MAX_ENTRIES + 50; i++) {
            figures.totals(tenant, "2026-07", UUID.randomUUID(), " where x", List.of(tenant), () -> totals(1));
        }
        assertThat(figures.size()).isEqualTo(PeriodFigures.MAX_ENTRIES);
    }
}
