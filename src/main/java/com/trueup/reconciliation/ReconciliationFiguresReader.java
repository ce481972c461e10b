package com.trueup.reconciliation;

import com.trueup.shared.Quantities;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads reconciliation_line for reports and summaries; builds missing months through {@link Reconciliations#rebuild}. */
@Component
class ReconciliationFiguresReader implements ReconciliationFigures, ReconciliationSummaries {

    private static final String COLUMNS = "id, period, psa_company_id, company_name, psa_product_id, service_name, "
            + "computed_status, contract_line_count, vendor_quantity, psa_quantity, unit_price, unit_cost, status";

    private final JdbcClient jdbc;
    private final Reconciliations reconciliations;

    ReconciliationFiguresReader(JdbcClient jdbc, Reconciliations reconciliations) {
        this.jdbc = jdbc;
        this.reconciliations = reconciliations;
    }

    @Override
    public void ensureBuilt(UUID tenantId, YearMonth from, YearMonth to) {
        Set<String> built = new HashSet<>(jdbc.sql("""
                        select period from reconciliation_period
                        where tenant_id = :tenant and period between :from and :to and built_at is not null""")
                .param("tenant", tenantId)
                .param("from", from.toString())
                .param("to", to.toString())
                .query(String.class)
                .list());
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            if (!built.contains(month.toString())) {
                reconciliations.rebuild(tenantId, month);
            }
        }
    }

    @Override
    public List<ReconciledLine> lines(UUID tenantId, YearMonth from, YearMonth to) {
        return jdbc.sql("select " + COLUMNS + " " + """
                        from reconciliation_line
                        where tenant_id = :tenant and period between :from and :to and active = true
                        order by period, company_name, service_name, id""")
                .param("tenant", tenantId)
                .param("from", from.toString())
                .param("to", to.toString())
                .query((rs, n) -> line(rs))
                .list();
    }

    @Override
    public Optional<ReconciledLine> line(UUID tenantId, UUID lineId) {
        return jdbc.sql("select " + COLUMNS
                        + " from reconciliation_line where tenant_id = :tenant and id = :id and active = true")
                .param("tenant", tenantId)
                .param("id", lineId)
                .query((rs, n) -> line(rs))
                .optional();
    }

    @Override
    public PeriodSummary summary(UUID tenantId, YearMonth period, int topClients) {
        ensureBuilt(tenantId, period);
        String sums =
                "count(*) as total, sum(case when l.status in ('new-revenue', 'reconcile') then 1 else 0 end) as waiting, "
                        + ReconciliationStore.UNBILLED_SUM + " as unbilled, " + ReconciliationStore.AT_RISK_SUM
                        + " as at_risk";
        String where =
                " from reconciliation_line l where l.tenant_id = :tenant and l.period = :period and l.active = true";
        PeriodSummary totals = jdbc.sql("select " + sums
                        + ", sum(case when l.vendor_quantity > 0 then 1 else 0 end) as with_usage" + where)
                .param("tenant", tenantId)
                .param("period", period.toString())
                .query((rs, n) -> new PeriodSummary(
                        period,
                        rs.getLong("total"),
                        rs.getLong("waiting"),
                        Quantities.normalize(rs.getBigDecimal("unbilled")),
                        Quantities.normalize(rs.getBigDecimal("at_risk")),
                        rs.getLong("with_usage"),
                        List.of()))
                .single();
        List<ClientSummary> clients = jdbc.sql("select l.psa_company_id, max(l.company_name) as company_name, " + sums
                        + where
                        + " and l.psa_company_id is not null and l.status in ('new-revenue', 'reconcile')"
                        + " group by l.psa_company_id order by " + ReconciliationStore.UNBILLED_SUM + " + "
                        + ReconciliationStore.AT_RISK_SUM + " desc, max(l.company_name), l.psa_company_id limit :top")
                .param("tenant", tenantId)
                .param("period", period.toString())
                .param("top", topClients)
                .query((rs, n) -> new ClientSummary(
                        rs.getObject("psa_company_id", UUID.class),
                        rs.getString("company_name"),
                        rs.getLong("waiting"),
                        Quantities.normalize(rs.getBigDecimal("unbilled")),
                        Quantities.normalize(rs.getBigDecimal("at_risk"))))
                .list();
        return new PeriodSummary(
                period,
                totals.lines(),
                totals.waiting(),
                totals.unbilledRevenue(),
                totals.revenueAtRisk(),
                totals.linesWithUsage(),
                clients);
    }

    private static ReconciledLine line(ResultSet rs) throws SQLException {
        boolean mapped = !"unmapped".equals(rs.getString("computed_status"));
        return new ReconciledLine(
                rs.getObject("id", UUID.class),
                YearMonth.parse(rs.getString("period")),
                rs.getObject("psa_company_id", UUID.class),
                rs.getString("company_name"),
                rs.getObject("psa_product_id", UUID.class),
                rs.getString("service_name"),
                mapped,
                rs.getInt("contract_line_count") > 0,
                Quantities.normalize(rs.getBigDecimal("vendor_quantity")),
                Quantities.normalize(rs.getBigDecimal("psa_quantity")),
                Quantities.normalize(rs.getBigDecimal("unit_price")),
                Quantities.normalize(rs.getBigDecimal("unit_cost")),
                rs.getString("status"));
    }
}
