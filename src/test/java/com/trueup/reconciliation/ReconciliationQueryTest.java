package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Request parsing and the SQL a listing runs, without a database. */
class ReconciliationQueryTest {

    static final YearMonth NOW = YearMonth.of(2026, 7);

    @Test
    void badInputNamesTheField() {
        assertField(() -> LineQuery.parse("2026-7", NOW, null, null, null, null, null, null, null, null), "period");
        assertField(() -> LineQuery.parse("2026-13", NOW, null, null, null, null, null, null, null, null), "period");
        assertField(() -> LineQuery.parse("July", NOW, null, null, null, null, null, null, null, null), "period");
        assertField(() -> LineQuery.parse(null, NOW, "open", null, null, null, null, null, null, null), "status");
        assertField(() -> LineQuery.parse(null, NOW, null, null, null, null, null, null, "price", null), "sort");
        assertField(
                () -> LineQuery.parse(null, NOW, null, null, null, null, null, null, "revenueChange,up", null), "sort");
        assertField(() -> LineQuery.parse(null, NOW, null, null, null, null, null, null, null, "vendor"), "group");
        assertField(() -> BillingPeriod.of(YearMonth.of(2026, 8), LocalDate.of(2026, 7, 31)), "period");
        assertField(() -> LineActions.validateQuantity(new BigDecimal("-1")), "quantity");
        assertField(() -> LineActions.validateQuantity(new BigDecimal("1.00001")), "quantity");
    }

    @Test
    void filtersSortAndGroupBecomeSql() {
        UUID tenant = UUID.randomUUID();
        UUID integration = UUID.randomUUID();
        LineQuery q = LineQuery.parse(
                "2026-06",
                NOW,
                "reconcile,new-revenue",
                integration,
                null,
                "svc-1",
                null,
                "Acme",
                "-revenueChange",
                "client");
        assertThat(q.period()).isEqualTo(YearMonth.of(2026, 6));
        assertThat(q.statuses()).isEqualTo(Set.of(LineStatus.RECONCILE, LineStatus.NEW_REVENUE));
        List<Object> params = new ArrayList<>();
        String where = q.where(tenant, "2026-06", params);
        assertThat(where)
                .contains("l.tenant_id = ?")
                .contains("l.status in (?, ?)")
                .contains("l.integration_id = ?")
                .contains("l.vendor_service_ref = ?")
                .contains("lower(l.company_name) like ?");
        assertThat(params)
                .containsExactly(
                        tenant,
                        "2026-06",
                        "new-revenue",
                        "reconcile",
                        integration,
                        integration,
                        "svc-1",
                        "svc-1",
                        "%acme%");
        assertThat(q.orderBy()).startsWith(" order by l.company_name, l.revenue_change desc");
        assertThat(q.sortedBy("revenueChange").descending()).isFalse();
        assertThat(q.sortedBy("difference").descending()).isFalse();
        assertThat(LineQuery.parse(null, NOW, null, null, null, null, null, null, "difference,desc", null)
                        .descending())
                .isTrue();
        assertThat(LineQuery.parse(null, NOW, null, null, null, null, null, null, null, null)
                        .period())
                .isEqualTo(NOW);
    }

    @Test
    void pageLinksKeepFiltersAndRedirectsStayOnThePage() {
        LineQuery q = LineQuery.parse(
                "2026-06", NOW, "reconcile", null, null, null, null, "A&B", "difference,desc", "service");
        var links = new ReconcileLinks(q, 2, 50);
        assertThat(links.self())
                .isEqualTo(
                        "/reconcile?period=2026-06&status=reconcile&client=A%26B&sort=difference%2Cdesc&group=service&page=2");
        assertThat(links.export())
                .startsWith("/reconcile/export.csv?period=2026-06")
                .doesNotContain("page=");
        assertThat(ReconcilePageController.safeBack("https://evil.example/")).isEqualTo("/reconcile");
        assertThat(ReconcilePageController.safeBack("//evil.example/")).isEqualTo("/reconcile");
        assertThat(ReconcilePageController.safeBack("/reconcile?period=2026-06"))
                .isEqualTo("/reconcile?period=2026-06");
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        assertThat(ReconciliationCsv.cell("Sterling, Hale \"CPAs\"")).isEqualTo("\"Sterling, Hale \"\"CPAs\"\"\"");
        assertThat(ReconciliationCsv.cell("plain")).isEqualTo("plain");
        LineRow row = new LineRow(
                null,
                null,
                "kc-1",
                "Acme",
                null,
                "svc",
                "Keeper Business",
                1,
                UUID.randomUUID(),
                "=HYPERLINK(\"x\")",
                UUID.randomUUID(),
                "Keeper Business",
                null,
                1,
                new BigDecimal("10.0000"),
                new BigDecimal("0.0000"),
                new BigDecimal("15.1613"),
                new BigDecimal("10.0000"),
                new BigDecimal("15.0000"),
                new BigDecimal("5.1613"),
                new BigDecimal("5.0000"),
                new BigDecimal("3.2500"),
                new BigDecimal("25.8065"),
                new BigDecimal("9.0323"),
                "reconcile");
        StoredLine line = new StoredLine(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "2026-07",
                "p:x",
                true,
                row,
                LineStatus.RECONCILE,
                null,
                null,
                null,
                null,
                LocalDate.of(2026, 8, 1),
                "call, the client",
                List.of());
        String csv = ReconciliationCsv.row(new ReconciliationListing.LineView(line, null));
        assertThat(csv)
                .startsWith(
                        "2026-07,reconcile,\"'=HYPERLINK(\"\"x\"\")\",Keeper Business,kc-1,Keeper Business,15.1613,10.0000,15.0000,5.1613,")
                .contains(",2026-08-01,,\"call, the client\",")
                .endsWith(line.id() + "\r\n");
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }
}
