package com.trueup.mapping.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The mapping tables. Every statement is scoped by {@code tenant_id}.
 * <p>
 * Auto-mapping jobs of the same organisation may run at the same time (new accounts, new services and a PSA sync each
 * schedule one), so "insert unless there is a mapping" is one {@code insert ... on conflict do nothing}: it waits for
 * a concurrent insert of the same key and then does nothing. A check followed by an insert, or a {@code MERGE}, is not
 * enough: both raise a unique violation on PostgreSQL (and H2) when the other transaction inserted the key after the
 * check or the merge's match. The form without a conflict target is the one H2 accepts in PostgreSQL mode.
 */
@Repository
public class MappingStore {

    public static final String ACCOUNT = "account";
    public static final String SERVICE = "service";

    private static final String INSERT_ACCOUNT = """
            insert into account_mapping (tenant_id, integration_id, vendor_account_id, excluded, psa_connection_id,
                psa_company_id, psa_company_external_id, auto, mapped_by, mapped_at)
            values (:tenant, :integration, :account, :excluded, :connection, :company, :companyExternal, :auto, :by, :at)""";

    private static final String INSERT_SERVICE = """
            insert into service_mapping (tenant_id, integration_id, vendor_service_id, excluded, psa_connection_id,
                auto, mapped_by, mapped_at)
            values (:tenant, :integration, :service, :excluded, :connection, :auto, :by, :at)""";

    private final JdbcClient jdbc;

    public MappingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored account mapping: {@code excluded}, or a PSA company of {@code psaConnectionId}. */
    public record AccountRow(
            UUID integrationId,
            UUID vendorAccountId,
            boolean excluded,
            UUID psaConnectionId,
            UUID psaCompanyId,
            String psaCompanyExternalId,
            boolean auto,
            String mappedBy,
            Instant mappedAt) {}

    /** A stored service mapping: {@code excluded}, or one or more PSA products of {@code psaConnectionId}. */
    public record ServiceRow(
            UUID integrationId,
            UUID vendorServiceId,
            boolean excluded,
            UUID psaConnectionId,
            List<ProductRef> products,
            boolean auto,
            String mappedBy,
            Instant mappedAt) {}

    /** A PSA product as stored in a service mapping: TrueUp's id and the PSA's own id. */
    public record ProductRef(UUID psaProductId, String externalId) {}

    // ---- accounts

    public List<AccountRow> accountRows(UUID tenantId) {
        return jdbc.sql("select * from account_mapping where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(MappingStore::accountRow)
                .list();
    }

    public List<AccountRow> accountRows(UUID tenantId, UUID integrationId) {
        return jdbc.sql("select * from account_mapping where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .query(MappingStore::accountRow)
                .list();
    }

    /**
     * The stored account mappings of the organisation counted per integration and target: only the columns that decide
     * whether a mapping is in effect, one row per distinct target (all exclusions of an integration are one row).
     */
    public record AccountTally(
            UUID integrationId,
            boolean excluded,
            UUID psaConnectionId,
            UUID psaCompanyId,
            String psaCompanyExternalId,
            long accounts) {}

    public List<AccountTally> accountTallies(UUID tenantId) {
        return jdbc.sql("""
                select integration_id, excluded, psa_connection_id, psa_company_id, psa_company_external_id, count(*)
                from account_mapping where tenant_id = :tenant
                group by integration_id, excluded, psa_connection_id, psa_company_id, psa_company_external_id""")
                .param("tenant", tenantId)
                .query((rs, n) -> new AccountTally(
                        rs.getObject(1, UUID.class),
                        rs.getBoolean(2),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getLong(6)))
                .list();
    }

    public Optional<AccountRow> accountRow(UUID tenantId, UUID vendorAccountId) {
        return jdbc.sql("select * from account_mapping where tenant_id = :tenant and vendor_account_id = :account")
                .param("tenant", tenantId)
                .param("account", vendorAccountId)
                .query(MappingStore::accountRow)
                .optional();
    }

    /**
     * Creates or replaces the mapping of the row's account. When a concurrent save inserts the account's first mapping
     * meanwhile, the insert waits for it and this save then replaces it (the later save wins, as with an update).
     */
    public void saveAccount(UUID tenantId, AccountRow row) {
        if (updateAccount(tenantId, row) == 0 && !insertAccountIfAbsent(tenantId, row)) {
            updateAccount(tenantId, row);
        }
    }

    private int updateAccount(UUID tenantId, AccountRow row) {
        return jdbc.sql("""
                update account_mapping set integration_id = :integration, excluded = :excluded,
                    psa_connection_id = :connection, psa_company_id = :company, psa_company_external_id = :companyExternal,
                    auto = :auto, mapped_by = :by, mapped_at = :at
                where tenant_id = :tenant and vendor_account_id = :account""").params(accountParams(tenantId, row)).update();
    }

    /**
     * Inserts the mapping unless the account already has one, also one a concurrent transaction inserts (see the class
     * comment); true if inserted.
     */
    public boolean insertAccountIfAbsent(UUID tenantId, AccountRow row) {
        return jdbc.sql(INSERT_ACCOUNT + " on conflict do nothing")
                        .params(accountParams(tenantId, row))
                        .update()
                == 1;
    }

    public boolean deleteAccount(UUID tenantId, UUID vendorAccountId) {
        return jdbc.sql("delete from account_mapping where tenant_id = :tenant and vendor_account_id = :account")
                        .param("tenant", tenantId)
                        .param("account", vendorAccountId)
                        .update()
                > 0;
    }

    private static Map<String, Object> accountParams(UUID tenantId, AccountRow row) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant", tenantId);
        p.put("integration", row.integrationId());
        p.put("account", row.vendorAccountId());
        p.put("excluded", row.excluded());
        p.put("connection", row.psaConnectionId());
        p.put("company", row.psaCompanyId());
        p.put("companyExternal", row.psaCompanyExternalId());
        p.put("auto", row.auto());
        p.put("by", row.mappedBy());
        p.put("at", Timestamp.from(row.mappedAt()));
        return p;
    }

    private static AccountRow accountRow(ResultSet rs, int n) throws SQLException {
        return new AccountRow(
                rs.getObject("integration_id", UUID.class),
                rs.getObject("vendor_account_id", UUID.class),
                rs.getBoolean("excluded"),
                rs.getObject("psa_connection_id", UUID.class),
                rs.getObject("psa_company_id", UUID.class),
                rs.getString("psa_company_external_id"),
                rs.getBoolean("auto"),
                rs.getString("mapped_by"),
                rs.getTimestamp("mapped_at").toInstant());
    }

    // ---- services

    public List<ServiceRow> serviceRows(UUID tenantId) {
        return withProducts(
                tenantId,
                jdbc.sql("select * from service_mapping where tenant_id = :tenant")
                        .param("tenant", tenantId)
                        .query(MappingStore::serviceRow)
                        .list(),
                jdbc.sql("""
                        select vendor_service_id, psa_product_id, psa_product_external_id from service_mapping_product
                        where tenant_id = :tenant order by vendor_service_id, sort_order""").param("tenant", tenantId));
    }

    public List<ServiceRow> serviceRows(UUID tenantId, UUID integrationId) {
        return withProducts(
                tenantId,
                jdbc.sql("""
                        select * from service_mapping where tenant_id = :tenant and integration_id = :integration""")
                        .param("tenant", tenantId)
                        .param("integration", integrationId)
                        .query(MappingStore::serviceRow)
                        .list(),
                jdbc.sql("""
                        select vendor_service_id, psa_product_id, psa_product_external_id from service_mapping_product
                        where tenant_id = :tenant and integration_id = :integration order by vendor_service_id, sort_order""").param("tenant", tenantId).param("integration", integrationId));
    }

    public Optional<ServiceRow> serviceRow(UUID tenantId, UUID vendorServiceId) {
        var rows = withProducts(
                tenantId,
                jdbc.sql("""
                        select * from service_mapping where tenant_id = :tenant and vendor_service_id = :service""")
                        .param("tenant", tenantId)
                        .param("service", vendorServiceId)
                        .query(MappingStore::serviceRow)
                        .list(),
                jdbc.sql("""
                        select vendor_service_id, psa_product_id, psa_product_external_id from service_mapping_product
                        where tenant_id = :tenant and vendor_service_id = :service order by sort_order""").param("tenant", tenantId).param("service", vendorServiceId));
        return rows.stream().findFirst();
    }

    private List<ServiceRow> withProducts(UUID tenantId, List<ServiceRow> rows, JdbcClient.StatementSpec productQuery) {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<UUID, List<ProductRef>> products = new LinkedHashMap<>();
        productQuery
                .query((rs, n) -> {
                    products.computeIfAbsent(rs.getObject("vendor_service_id", UUID.class), k -> new ArrayList<>())
                            .add(new ProductRef(
                                    rs.getObject("psa_product_id", UUID.class),
                                    rs.getString("psa_product_external_id")));
                    return null;
                })
                .list();
        return rows.stream()
                .map(r -> new ServiceRow(
                        r.integrationId(),
                        r.vendorServiceId(),
                        r.excluded(),
                        r.psaConnectionId(),
                        List.copyOf(products.getOrDefault(r.vendorServiceId(), List.of())),
                        r.auto(),
                        r.mappedBy(),
                        r.mappedAt()))
                .toList();
    }

    /** Creates or replaces the mapping of the row's service, its products included (concurrent saves as for accounts). */
    public void saveService(UUID tenantId, ServiceRow row) {
        if (updateService(tenantId, row) == 0) {
            if (insertServiceIfAbsent(tenantId, row)) {
                return;
            }
            updateService(tenantId, row);
        }
        deleteProducts(tenantId, row.vendorServiceId());
        insertProducts(tenantId, row);
    }

    private int updateService(UUID tenantId, ServiceRow row) {
        return jdbc.sql("""
                update service_mapping set integration_id = :integration, excluded = :excluded,
                    psa_connection_id = :connection, auto = :auto, mapped_by = :by, mapped_at = :at
                where tenant_id = :tenant and vendor_service_id = :service""").params(serviceParams(tenantId, row)).update();
    }

    /**
     * Inserts the mapping and its products unless the service already has a mapping, also one a concurrent
     * transaction inserts (see the class comment); true if inserted.
     */
    public boolean insertServiceIfAbsent(UUID tenantId, ServiceRow row) {
        if (jdbc.sql(INSERT_SERVICE + " on conflict do nothing")
                        .params(serviceParams(tenantId, row))
                        .update()
                == 0) {
            return false;
        }
        insertProducts(tenantId, row);
        return true;
    }

    private void insertProducts(UUID tenantId, ServiceRow row) {
        int order = 0;
        for (ProductRef product : row.products()) {
            jdbc.sql("""
                    insert into service_mapping_product (tenant_id, integration_id, vendor_service_id, psa_product_id,
                        psa_product_external_id, sort_order)
                    values (:tenant, :integration, :service, :product, :external, :order)""")
                    .param("tenant", tenantId)
                    .param("integration", row.integrationId())
                    .param("service", row.vendorServiceId())
                    .param("product", product.psaProductId())
                    .param("external", product.externalId())
                    .param("order", order++)
                    .update();
        }
    }

    private void deleteProducts(UUID tenantId, UUID vendorServiceId) {
        jdbc.sql("delete from service_mapping_product where tenant_id = :tenant and vendor_service_id = :service")
                .param("tenant", tenantId)
                .param("service", vendorServiceId)
                .update();
    }

    public boolean deleteService(UUID tenantId, UUID vendorServiceId) {
        deleteProducts(tenantId, vendorServiceId);
        return jdbc.sql("delete from service_mapping where tenant_id = :tenant and vendor_service_id = :service")
                        .param("tenant", tenantId)
                        .param("service", vendorServiceId)
                        .update()
                > 0;
    }

    private static Map<String, Object> serviceParams(UUID tenantId, ServiceRow row) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenant", tenantId);
        p.put("integration", row.integrationId());
        p.put("service", row.vendorServiceId());
        p.put("excluded", row.excluded());
        p.put("connection", row.psaConnectionId());
        p.put("auto", row.auto());
        p.put("by", row.mappedBy());
        p.put("at", Timestamp.from(row.mappedAt()));
        return p;
    }

    private static ServiceRow serviceRow(ResultSet rs, int n) throws SQLException {
        return new ServiceRow(
                rs.getObject("integration_id", UUID.class),
                rs.getObject("vendor_service_id", UUID.class),
                rs.getBoolean("excluded"),
                rs.getObject("psa_connection_id", UUID.class),
                List.of(),
                rs.getBoolean("auto"),
                rs.getString("mapped_by"),
                rs.getTimestamp("mapped_at").toInstant());
    }

    // ---- auto-mapping blocks

    /** Keeps auto-mapping away from the item; blocking it twice (also at the same moment) keeps the first block. */
    public void block(UUID tenantId, UUID integrationId, String kind, UUID vendorItemId, String actor, Instant at) {
        jdbc.sql("""
                insert into mapping_auto_block (tenant_id, integration_id, item_kind, vendor_item_id, blocked_by, blocked_at)
                values (:tenant, :integration, :kind, :item, :by, :at) on conflict do nothing""")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .param("kind", kind)
                .param("item", vendorItemId)
                .param("by", actor)
                .param("at", Timestamp.from(at))
                .update();
    }

    public Set<UUID> blocked(UUID tenantId, UUID integrationId, String kind) {
        return new HashSet<>(jdbc.sql("""
                select vendor_item_id from mapping_auto_block
                where tenant_id = :tenant and integration_id = :integration and item_kind = :kind""")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .param("kind", kind)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list());
    }

    // ---- finish

    /** Records who finished mapping the integration and when; a concurrent finish is replaced like an earlier one. */
    public void saveFinish(UUID tenantId, UUID integrationId, String actor, Instant at, UUID syncRunId) {
        String update = """
                update mapping_finish set finished_by = :by, finished_at = :at, sync_run_id = :run
                where tenant_id = :tenant and integration_id = :integration""";
        String insert = """
                insert into mapping_finish (tenant_id, integration_id, finished_by, finished_at, sync_run_id)
                values (:tenant, :integration, :by, :at, :run) on conflict do nothing""";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenantId);
        params.put("integration", integrationId);
        params.put("by", actor);
        params.put("at", Timestamp.from(at));
        params.put("run", syncRunId);
        if (jdbc.sql(update).params(params).update() == 0
                && jdbc.sql(insert).params(params).update() == 0) {
            jdbc.sql(update).params(params).update();
        }
    }

    public Optional<Instant> finishedAt(UUID tenantId, UUID integrationId) {
        return jdbc.sql(
                        "select finished_at from mapping_finish where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    public Set<UUID> finishedIntegrations(UUID tenantId) {
        return new HashSet<>(jdbc.sql("select integration_id from mapping_finish where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list());
    }

    // ---- disconnect

    /** Removes every mapping, exclusion, auto-mapping block and the finish state of an integration. */
    public int deleteIntegration(UUID tenantId, UUID integrationId) {
        int removed = 0;
        jdbc.sql("delete from service_mapping_product where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .update();
        removed += jdbc.sql("delete from service_mapping where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .update();
        removed += jdbc.sql("delete from account_mapping where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .update();
        jdbc.sql("delete from mapping_auto_block where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .update();
        jdbc.sql("delete from mapping_finish where tenant_id = :tenant and integration_id = :integration")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .update();
        return removed;
    }
}
