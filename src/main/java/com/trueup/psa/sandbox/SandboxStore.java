package com.trueup.psa.sandbox;

import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Quantities;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The Sandbox PSA's own data: companies, products, contracts, lines and the history of every line's quantity. One
 * sandbox per connection; every query filters by organisation and connection. Ids are the sandbox's "PSA ids".
 */
@Repository
class SandboxStore {

    static final Set<String> COMPANY_STATUSES = Set.of("active", "prospect", "inactive");
    static final Set<String> CONTRACT_TYPES = Set.of("recurring", "one-time");
    static final Set<String> CONTRACT_STATUSES = Set.of("active", "inactive");

    record Company(UUID id, String name, String status, int contracts) {}

    record Product(UUID id, String identifier, String name, BigDecimal price, BigDecimal cost) {}

    record Line(
            UUID id,
            UUID contractId,
            UUID companyId,
            UUID productId,
            String productIdentifier,
            String productName,
            BigDecimal quantity,
            BigDecimal price,
            BigDecimal cost,
            boolean cancelled,
            LocalDate effectiveDate,
            Instant updatedAt) {}

    record Contract(
            UUID id,
            UUID companyId,
            String companyName,
            String companyStatus,
            String name,
            String type,
            String status,
            List<Line> lines) {}

    record Change(
            UUID id,
            UUID lineId,
            String companyName,
            String contractName,
            String productName,
            BigDecimal oldQuantity,
            BigDecimal newQuantity,
            LocalDate effectiveDate,
            Instant changedAt,
            String source,
            String actor) {}

    record Counts(int companies, int products, int contracts, int lines) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TenantCalendar calendar;

    SandboxStore(JdbcClient jdbc, Clock clock, TenantCalendar calendar) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.calendar = calendar;
    }

    Counts counts(UUID tenantId, UUID connectionId) {
        return new Counts(
                count("psa_sandbox_company", tenantId, connectionId),
                count("psa_sandbox_product", tenantId, connectionId),
                count("psa_sandbox_contract", tenantId, connectionId),
                count("psa_sandbox_line", tenantId, connectionId));
    }

    private int count(String table, UUID tenantId, UUID connectionId) {
        return jdbc.sql("select count(*) from " + table + " where tenant_id = :tenant and connection_id = :connection")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query(Integer.class)
                .single();
    }

    /** Deletes all of the sandbox's data (lines, history, contracts, products, companies). */
    void clear(UUID tenantId, UUID connectionId) {
        for (String table : List.of(
                "psa_sandbox_line_change",
                "psa_sandbox_line",
                "psa_sandbox_contract",
                "psa_sandbox_product",
                "psa_sandbox_company")) {
            jdbc.sql("delete from " + table + " where tenant_id = :tenant and connection_id = :connection")
                    .param("tenant", tenantId)
                    .param("connection", connectionId)
                    .update();
        }
    }

    // ---- companies ----

    List<Company> companies(UUID tenantId, UUID connectionId) {
        return jdbc.sql("""
                select c.id, c.name, c.status,
                       (select count(*) from psa_sandbox_contract k where k.company_id = c.id) as contracts
                from psa_sandbox_company c where c.tenant_id = :tenant and c.connection_id = :connection
                order by lower(c.name), c.id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) ->
                        new Company(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4)))
                .list();
    }

    Optional<Company> company(UUID tenantId, UUID connectionId, UUID id) {
        return companies(tenantId, connectionId).stream()
                .filter(c -> c.id().equals(id))
                .findFirst();
    }

    UUID addCompany(UUID tenantId, UUID connectionId, String name, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into psa_sandbox_company (id, tenant_id, connection_id, name, status, created_at)
                values (:id, :tenant, :connection, :name, :status, :now)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("name", checkedName(name, "name"))
                .param("status", checked(status, COMPANY_STATUSES, "status"))
                .param("now", now())
                .update();
        return id;
    }

    void updateCompany(UUID tenantId, UUID connectionId, UUID id, String name, String status) {
        int updated = jdbc.sql("""
                update psa_sandbox_company set name = coalesce(:name, name), status = coalesce(:status, status)
                where tenant_id = :tenant and connection_id = :connection and id = :id""")
                .param("name", name == null ? null : checkedName(name, "name"))
                .param("status", status == null ? null : checked(status, COMPANY_STATUSES, "status"))
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .update();
        if (updated == 0) {
            throw NotFoundException.of("Sandbox company", id);
        }
    }

    // ---- products ----

    List<Product> products(UUID tenantId, UUID connectionId) {
        return jdbc.sql("""
                select id, identifier, name, price, cost from psa_sandbox_product
                where tenant_id = :tenant and connection_id = :connection order by lower(name), id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query(SandboxStore::product)
                .list();
    }

    Optional<Product> product(UUID tenantId, UUID connectionId, UUID id) {
        return jdbc.sql("""
                select id, identifier, name, price, cost from psa_sandbox_product
                where tenant_id = :tenant and connection_id = :connection and id = :id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .query(SandboxStore::product)
                .optional();
    }

    UUID addProduct(
            UUID tenantId, UUID connectionId, String identifier, String name, BigDecimal price, BigDecimal cost) {
        String code = checkedIdentifier(identifier);
        requireUniqueIdentifier(tenantId, connectionId, code, null);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into psa_sandbox_product (id, tenant_id, connection_id, identifier, name, price, cost)
                values (:id, :tenant, :connection, :identifier, :name, :price, :cost)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("identifier", code)
                .param("name", checkedName(name, "name"))
                .param("price", money(price, "price"))
                .param("cost", money(cost, "cost"))
                .update();
        return id;
    }

    void updateProduct(
            UUID tenantId,
            UUID connectionId,
            UUID id,
            String identifier,
            String name,
            BigDecimal price,
            BigDecimal cost) {
        String code = identifier == null ? null : checkedIdentifier(identifier);
        if (code != null) {
            requireUniqueIdentifier(tenantId, connectionId, code, id);
        }
        int updated = jdbc.sql("""
                update psa_sandbox_product set identifier = coalesce(:identifier, identifier), name = coalesce(:name, name),
                    price = coalesce(:price, price), cost = coalesce(:cost, cost)
                where tenant_id = :tenant and connection_id = :connection and id = :id""")
                .param("identifier", code)
                .param("name", name == null ? null : checkedName(name, "name"))
                .param("price", price == null ? null : money(price, "price"))
                .param("cost", cost == null ? null : money(cost, "cost"))
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .update();
        if (updated == 0) {
            throw NotFoundException.of("Sandbox product", id);
        }
    }

    private void requireUniqueIdentifier(UUID tenantId, UUID connectionId, String identifier, UUID except) {
        boolean taken = jdbc.sql("""
                select count(*) from psa_sandbox_product where tenant_id = :tenant and connection_id = :connection
                and identifier = :identifier and (cast(:except as uuid) is null or id <> cast(:except as uuid))""")
                        .param("tenant", tenantId)
                        .param("connection", connectionId)
                        .param("identifier", identifier)
                        .param("except", except)
                        .query(Long.class)
                        .single()
                > 0;
        if (taken) {
            throw new ConflictException("A product with identifier " + identifier + " already exists");
        }
    }

    // ---- contracts and lines ----

    List<Contract> contracts(UUID tenantId, UUID connectionId, String query) {
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        Map<UUID, Contract> contracts = new LinkedHashMap<>();
        jdbc.sql("""
                select k.id, k.company_id, c.name as company_name, c.status as company_status, k.name, k.contract_type, k.status
                from psa_sandbox_contract k join psa_sandbox_company c on c.id = k.company_id
                where k.tenant_id = :tenant and k.connection_id = :connection
                  and (:q = '' or lower(c.name) like :like or lower(k.name) like :like)
                order by lower(c.name), lower(k.name), k.id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .query((rs, n) -> contracts.put(
                        rs.getObject(1, UUID.class),
                        new Contract(
                                rs.getObject(1, UUID.class),
                                rs.getObject(2, UUID.class),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                new ArrayList<>())))
                .list();
        for (Line line : lines(tenantId, connectionId, null)) {
            Contract contract = contracts.get(line.contractId());
            if (contract != null) {
                contract.lines().add(line);
            }
        }
        return List.copyOf(contracts.values());
    }

    Optional<Contract> contract(UUID tenantId, UUID connectionId, UUID id) {
        return contracts(tenantId, connectionId, null).stream()
                .filter(c -> c.id().equals(id))
                .findFirst();
    }

    UUID addContract(UUID tenantId, UUID connectionId, UUID companyId, String name, String type, String status) {
        if (companyId == null || company(tenantId, connectionId, companyId).isEmpty()) {
            throw new InvalidInputException("companyId", "choose a company of this sandbox");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into psa_sandbox_contract (id, tenant_id, connection_id, company_id, name, contract_type, status, created_at)
                values (:id, :tenant, :connection, :company, :name, :type, :status, :now)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("company", companyId)
                .param("name", checkedName(name, "name"))
                .param("type", checked(type, CONTRACT_TYPES, "type"))
                .param("status", checked(status, CONTRACT_STATUSES, "status"))
                .param("now", now())
                .update();
        return id;
    }

    void updateContract(UUID tenantId, UUID connectionId, UUID id, String name, String type, String status) {
        int updated = jdbc.sql("""
                update psa_sandbox_contract set name = coalesce(:name, name), contract_type = coalesce(:type, contract_type),
                    status = coalesce(:status, status)
                where tenant_id = :tenant and connection_id = :connection and id = :id""")
                .param("name", name == null ? null : checkedName(name, "name"))
                .param("type", type == null ? null : checked(type, CONTRACT_TYPES, "type"))
                .param("status", status == null ? null : checked(status, CONTRACT_STATUSES, "status"))
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .update();
        if (updated == 0) {
            throw NotFoundException.of("Sandbox contract", id);
        }
    }

    List<Line> lines(UUID tenantId, UUID connectionId, UUID contractId) {
        return jdbc.sql("""
                select l.id, l.contract_id, k.company_id, l.product_id, p.identifier, p.name, l.quantity, l.price, l.cost,
                       l.cancelled, l.effective_date, l.updated_at
                from psa_sandbox_line l join psa_sandbox_product p on p.id = l.product_id
                join psa_sandbox_contract k on k.id = l.contract_id
                where l.tenant_id = :tenant and l.connection_id = :connection
                  and (cast(:contract as uuid) is null or l.contract_id = cast(:contract as uuid))
                order by lower(p.name), l.created_at, l.id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("contract", contractId)
                .query(SandboxStore::line)
                .list();
    }

    Optional<Line> line(UUID tenantId, UUID connectionId, UUID id) {
        return jdbc.sql("""
                select l.id, l.contract_id, k.company_id, l.product_id, p.identifier, p.name, l.quantity, l.price, l.cost,
                       l.cancelled, l.effective_date, l.updated_at
                from psa_sandbox_line l join psa_sandbox_product p on p.id = l.product_id
                join psa_sandbox_contract k on k.id = l.contract_id
                where l.tenant_id = :tenant and l.connection_id = :connection and l.id = :id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .query(SandboxStore::line)
                .optional();
    }

    /** Locks the line's row for a change (same transaction). */
    Optional<Line> lineForUpdate(UUID tenantId, UUID connectionId, UUID id) {
        boolean exists = jdbc.sql(
                        "select id from psa_sandbox_line where tenant_id = :tenant and connection_id = :connection "
                                + "and id = :id for update")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .query(UUID.class)
                .optional()
                .isPresent();
        return exists ? line(tenantId, connectionId, id) : Optional.empty();
    }

    /** Adds a line and its first history entry; price and cost default to the product's. */
    UUID addLine(
            UUID tenantId,
            UUID connectionId,
            UUID contractId,
            UUID productId,
            BigDecimal quantity,
            BigDecimal price,
            BigDecimal cost,
            LocalDate effectiveDate,
            String source,
            String actor,
            String idempotencyKey) {
        if (contractId == null || contract(tenantId, connectionId, contractId).isEmpty()) {
            throw new InvalidInputException("contractId", "choose a contract of this sandbox");
        }
        Product product = productId == null
                ? null
                : product(tenantId, connectionId, productId).orElse(null);
        if (product == null) {
            throw new InvalidInputException("productId", "choose a product of this sandbox");
        }
        BigDecimal qty = quantity(quantity);
        LocalDate date = effectiveDate == null ? calendar.today(tenantId) : effectiveDate;
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into psa_sandbox_line (id, tenant_id, connection_id, contract_id, product_id, quantity, price, cost,
                    cancelled, effective_date, created_at, updated_at)
                values (:id, :tenant, :connection, :contract, :product, :quantity, :price, :cost, false, :date, :now, :now)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("contract", contractId)
                .param("product", productId)
                .param("quantity", qty)
                .param("price", price == null ? product.price() : money(price, "price"))
                .param("cost", cost == null ? product.cost() : money(cost, "cost"))
                .param("date", Date.valueOf(date))
                .param("now", now())
                .update();
        recordChange(tenantId, connectionId, id, null, qty, date, source, actor, idempotencyKey);
        return id;
    }

    /** Changes a line; a quantity change is recorded in the line's history. */
    void updateLine(
            UUID tenantId,
            UUID connectionId,
            UUID id,
            BigDecimal quantity,
            BigDecimal price,
            BigDecimal cost,
            Boolean cancelled,
            LocalDate effectiveDate,
            String source,
            String actor,
            String idempotencyKey) {
        Line line = lineForUpdate(tenantId, connectionId, id)
                .orElseThrow(() -> NotFoundException.of("Sandbox contract line", id));
        BigDecimal qty = quantity == null ? line.quantity() : quantity(quantity);
        LocalDate date = effectiveDate == null ? line.effectiveDate() : effectiveDate;
        jdbc.sql("""
                update psa_sandbox_line set quantity = :quantity, price = :price, cost = :cost, cancelled = :cancelled,
                    effective_date = :date, updated_at = :now
                where tenant_id = :tenant and connection_id = :connection and id = :id""")
                .param("quantity", qty)
                .param("price", price == null ? line.price() : money(price, "price"))
                .param("cost", cost == null ? line.cost() : money(cost, "cost"))
                .param("cancelled", cancelled == null ? line.cancelled() : cancelled)
                .param("date", Date.valueOf(date))
                .param("now", now())
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", id)
                .update();
        if (qty.compareTo(line.quantity()) != 0) {
            recordChange(tenantId, connectionId, id, line.quantity(), qty, date, source, actor, idempotencyKey);
        }
    }

    private void recordChange(
            UUID tenantId,
            UUID connectionId,
            UUID lineId,
            BigDecimal oldQuantity,
            BigDecimal newQuantity,
            LocalDate effectiveDate,
            String source,
            String actor,
            String idempotencyKey) {
        jdbc.sql("""
                insert into psa_sandbox_line_change (id, tenant_id, connection_id, line_id, old_quantity, new_quantity,
                    effective_date, changed_at, source, actor, idempotency_key)
                values (:id, :tenant, :connection, :line, :old, :new, :date, :now, :source, :actor, :key)""")
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("line", lineId)
                .param("old", oldQuantity)
                .param("new", newQuantity)
                .param("date", Date.valueOf(effectiveDate))
                .param("now", now())
                .param("source", source)
                .param("actor", actor == null ? "unknown" : actor)
                .param("key", idempotencyKey == null || idempotencyKey.length() > 200 ? null : idempotencyKey)
                .update();
    }

    /** The line a change with this idempotency key was made to, if any (a repeated write-back). */
    Optional<UUID> lineOfIdempotencyKey(UUID tenantId, UUID connectionId, String idempotencyKey, String source) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
            return Optional.empty();
        }
        return jdbc
                .sql("""
                select line_id from psa_sandbox_line_change
                where tenant_id = :tenant and connection_id = :connection and idempotency_key = :key and source = :source
                order by changed_at, id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("key", idempotencyKey)
                .param("source", source)
                .query(UUID.class)
                .list()
                .stream()
                .findFirst();
    }

    /** Newest first; {@code lineId} null means all lines. */
    List<Change> changes(UUID tenantId, UUID connectionId, UUID lineId, int limit) {
        return jdbc.sql("""
                select h.id, h.line_id, c.name as company_name, k.name as contract_name, p.name as product_name,
                       h.old_quantity, h.new_quantity, h.effective_date, h.changed_at, h.source, h.actor
                from psa_sandbox_line_change h
                join psa_sandbox_line l on l.id = h.line_id
                join psa_sandbox_contract k on k.id = l.contract_id
                join psa_sandbox_company c on c.id = k.company_id
                join psa_sandbox_product p on p.id = l.product_id
                where h.tenant_id = :tenant and h.connection_id = :connection
                  and (cast(:line as uuid) is null or h.line_id = cast(:line as uuid))
                order by h.changed_at desc, h.id limit :limit""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("line", lineId)
                .param("limit", limit)
                .query((rs, n) -> new Change(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBigDecimal(6),
                        rs.getBigDecimal(7),
                        rs.getDate(8).toLocalDate(),
                        rs.getTimestamp(9).toInstant(),
                        rs.getString(10),
                        rs.getString(11)))
                .list();
    }

    // ---- mapping and checks ----

    private static Product product(ResultSet rs, int n) throws SQLException {
        return new Product(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getBigDecimal(4),
                rs.getBigDecimal(5));
    }

    private static Line line(ResultSet rs, int n) throws SQLException {
        return new Line(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class),
                rs.getString(5),
                rs.getString(6),
                rs.getBigDecimal(7),
                rs.getBigDecimal(8),
                rs.getBigDecimal(9),
                rs.getBoolean(10),
                rs.getDate(11).toLocalDate(),
                rs.getTimestamp(12).toInstant());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    static String checkedName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field, field + " must not be blank");
        }
        if (name.trim().length() > 300) {
            throw new InvalidInputException(field, field + " must be at most 300 characters");
        }
        return name.trim();
    }

    static String checkedIdentifier(String identifier) {
        if (identifier == null || identifier.isBlank()) {
            throw new InvalidInputException("identifier", "identifier must not be blank (e.g. KEEPER-BIZ)");
        }
        if (identifier.trim().length() > 100) {
            throw new InvalidInputException("identifier", "identifier must be at most 100 characters");
        }
        return identifier.trim();
    }

    static String checked(String value, Set<String> allowed, String field) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new InvalidInputException(
                    field,
                    field + " must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    static BigDecimal money(BigDecimal value, String field) {
        if (value == null || value.signum() < 0) {
            throw new InvalidInputException(field, field + " must be zero or more");
        }
        if (value.compareTo(new BigDecimal("1000000000")) >= 0) {
            throw new InvalidInputException(field, field + " is too large");
        }
        return Quantities.normalize(value);
    }

    static BigDecimal quantity(BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw new InvalidInputException("quantity", "quantity must be zero or more");
        }
        if (value.compareTo(new BigDecimal("1000000000")) >= 0) {
            throw new InvalidInputException("quantity", "quantity is too large");
        }
        return Quantities.normalize(value);
    }
}
