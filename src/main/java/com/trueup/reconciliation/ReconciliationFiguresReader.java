package com.trueup.reconciliation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads reconciliation_line for reports; builds missing months through {@link Reconciliations#rebuild}. */
@Component
class ReconciliationFiguresReader implements ReconciliationFigures {

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
                .param("tenant", tenantId).param("from", from.toString()).param("to", to.toString())
                .query(String.class).list());
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            if (!built.contains(month.toString())) {
                reconciliations.rebuild(tenantId, month);
            }
        }
    }

    @Override
    public List<ReconciledLine> lines(UUID tenantId, YearMonth from, YearMonth to) {
        return jdbc.sql("""
                        select id, period, psa_company_id, company_name, psa_product_id, service_name, computed_status,
                               contract_line_count, vendor_quantity, psa_quantity, unit_price, unit_cost, status
                        from reconciliation_line
                        where tenant_id = :tenant and period between :from and :to and active = true
                        order by period, company_name, service_name, id""")
                .param("tenant", tenantId).param("from", from.toString()).param("to", to.toString())
                .query((rs, n) -> line(rs)).list();
    }

    private static ReconciledLine line(ResultSet rs) throws SQLException {
        boolean mapped = !"unmapped".equals(rs.getString("computed_status"));
        return new ReconciledLine(rs.getObject("id", UUID.class), YearMonth.parse(rs.getString("period")),
                rs.getObject("psa_company_id", UUID.class), rs.getString("company_name"),
                rs.getObject("psa_product_id", UUID.class), rs.getString("service_name"), mapped,
                rs.getInt("contract_line_count") > 0, Quantities.q(rs.getBigDecimal("vendor_quantity")),
                Quantities.q(rs.getBigDecimal("psa_quantity")), Quantities.q(rs.getBigDecimal("unit_price")),
                Quantities.q(rs.getBigDecimal("unit_cost")), rs.getString("status"));
    }
}
