package com.trueup.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.audit.AuditLog;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The vendor accounts (the MSP's clients as the vendor knows them) and services (SKUs) of each integration.
 * Creating an account or service that already exists (same vendor id, or for services the same name) is idempotent.
 * Accounts and services are never deleted, so the mapping from a vendor id to TrueUp's id never changes and is cached.
 */
@Service
class VendorCatalog {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Integrations integrations;
    private final VendorTokens tokens;
    private final Cache<ExternalKey, UUID> accountIds;
    private final Cache<ExternalKey, UUID> serviceIds;

    VendorCatalog(
            JdbcClient jdbc,
            Clock clock,
            AuditLog audit,
            ApplicationEventPublisher events,
            Integrations integrations,
            VendorTokens tokens,
            IntegrationSettings settings) {
        this.accountIds =
                Caffeine.newBuilder().maximumSize(settings.idCacheSize()).build();
        this.serviceIds =
                Caffeine.newBuilder().maximumSize(settings.idCacheSize()).build();
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
        this.integrations = integrations;
        this.tokens = tokens;
    }

    private record ExternalKey(UUID integrationId, String externalId) {}

    record Account(UUID id, UUID integrationId, String externalId, String name, String description, Instant createdAt) {

        VendorAccount toApi() {
            return new VendorAccount(id, integrationId, externalId, name, description, createdAt);
        }
    }

    record Service(
            UUID id,
            UUID integrationId,
            String externalId,
            String name,
            String description,
            String category,
            String subcategory,
            String supportArticle,
            String supportContact,
            CountingMode countingMode,
            Instant createdAt,
            Instant updatedAt) {

        VendorService toApi() {
            return new VendorService(
                    id, integrationId, externalId, name, description, category, subcategory, countingMode);
        }
    }

    /** An account (or, on /organization/services, a service) as the vendor sends it. */
    record Item(String id, String name, String description) {}

    /** A service as created or changed on /service; null fields are not given. */
    record ServiceInput(
            String name,
            String description,
            String supportArticle,
            String supportContact,
            String category,
            String subcategory) {}

    private static Account mapAccount(ResultSet rs, int n) throws SQLException {
        return new Account(
                rs.getObject("id", UUID.class),
                rs.getObject("integration_id", UUID.class),
                rs.getString("external_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static Service mapService(ResultSet rs, int n) throws SQLException {
        return new Service(
                rs.getObject("id", UUID.class),
                rs.getObject("integration_id", UUID.class),
                rs.getString("external_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("category"),
                rs.getString("subcategory"),
                rs.getString("support_article"),
                rs.getString("support_contact"),
                CountingMode.valueOf(rs.getString("counting_mode")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static final String ACCOUNT_COLUMNS = "id, integration_id, external_id, name, description, created_at";
    private static final String SERVICE_COLUMNS = """
            id, integration_id, external_id, name, description, category, subcategory, support_article, support_contact,
            counting_mode, created_at, updated_at""";

    // ---------------------------------------------------------------- accounts

    List<Account> accounts(UUID tenantId, UUID integrationId) {
        return jdbc.sql(
                        "select " + ACCOUNT_COLUMNS
                                + " from vendor_account where tenant_id = :tenant and integration_id = :id order by name, external_id")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .query(VendorCatalog::mapAccount)
                .list();
    }

    List<Account> accounts(UUID tenantId, UUID integrationId, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return List.of();
        }
        List<Account> found = new ArrayList<>();
        for (List<String> chunk : chunks(externalIds, 1000)) {
            found.addAll(jdbc.sql(
                            "select " + ACCOUNT_COLUMNS
                                    + " from vendor_account where tenant_id = :tenant and integration_id = :id and external_id in (:ids)")
                    .param("tenant", tenantId)
                    .param("id", integrationId)
                    .param("ids", chunk)
                    .query(VendorCatalog::mapAccount)
                    .list());
        }
        return found;
    }

    /** One page of accounts ordered by vendor id after {@code previousId} (cursor paging), optionally filtered by name. */
    List<Account> accountsPage(UUID tenantId, UUID integrationId, String search, String previousId, int limit) {
        String like = search == null || search.isBlank()
                ? null
                : "%" + search.trim().toLowerCase(java.util.Locale.ROOT) + "%";
        return jdbc.sql("select " + ACCOUNT_COLUMNS
                        + " from vendor_account where tenant_id = :tenant and integration_id = :id"
                        + (like == null ? "" : " and lower(name) like :like")
                        + (previousId == null || previousId.isBlank() ? "" : " and external_id > :previous")
                        + " order by external_id limit :limit")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .params(like == null ? Map.of() : Map.of("like", like))
                .params(previousId == null || previousId.isBlank() ? Map.of() : Map.of("previous", previousId))
                .param("limit", limit)
                .query(VendorCatalog::mapAccount)
                .list();
    }

    long countAccounts(UUID tenantId, UUID integrationId, String search) {
        String like = search == null || search.isBlank()
                ? null
                : "%" + search.trim().toLowerCase(java.util.Locale.ROOT) + "%";
        return jdbc.sql("select count(*) from vendor_account where tenant_id = :tenant and integration_id = :id"
                        + (like == null ? "" : " and lower(name) like :like"))
                .param("tenant", tenantId)
                .param("id", integrationId)
                .params(like == null ? Map.of() : Map.of("like", like))
                .query(Long.class)
                .single();
    }

    Optional<Account> account(UUID tenantId, UUID integrationId, String externalId) {
        return jdbc.sql(
                        "select " + ACCOUNT_COLUMNS
                                + " from vendor_account where tenant_id = :tenant and integration_id = :id and external_id = :ext")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .param("ext", externalId)
                .query(VendorCatalog::mapAccount)
                .optional();
    }

    /** TrueUp's id of the vendor's account id (cached once read; accounts are never deleted). */
    Optional<UUID> accountId(UUID tenantId, UUID integrationId, String externalId) {
        ExternalKey key = new ExternalKey(integrationId, externalId);
        UUID id = accountIds.getIfPresent(key);
        if (id != null) {
            return Optional.of(id);
        }
        Optional<UUID> found = account(tenantId, integrationId, externalId).map(Account::id);
        found.ifPresent(value -> accountIds.put(key, value));
        return found;
    }

    /**
     * Creates the accounts that do not exist yet and updates the name and description of those that changed;
     * returns the posted accounts as stored, in the order posted (a repeated id counts once, its last entry wins).
     */
    @Transactional
    List<Account> upsertAccounts(VendorTokens.VendorCaller caller, List<Item> items) {
        tokens.requireValid(caller);
        Map<String, Item> byId = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = checkedItem(items.get(i), "[" + i + "]");
            byId.put(item.id(), item);
        }
        Map<String, Account> existing = accounts(caller.tenantId(), caller.integrationId(), byId.keySet()).stream()
                .collect(Collectors.toMap(Account::externalId, a -> a));
        Instant now = clock.instant();
        List<UUID> added = new ArrayList<>();
        List<String> addedNames = new ArrayList<>();
        for (Item item : byId.values()) {
            Account current = existing.get(item.id());
            if (current == null) {
                UUID id = UUID.randomUUID();
                jdbc.sql("""
                        insert into vendor_account (id, tenant_id, integration_id, external_id, name, description, created_at, updated_at)
                        values (:id, :tenant, :integration, :ext, :name, :description, :at, :at)""")
                        .param("id", id)
                        .param("tenant", caller.tenantId())
                        .param("integration", caller.integrationId())
                        .param("ext", item.id())
                        .param("name", item.name())
                        .param("description", item.description())
                        .param("at", Timestamp.from(now))
                        .update();
                added.add(id);
                addedNames.add(item.name());
            } else if (!current.name().equals(item.name())
                    || !java.util.Objects.equals(current.description(), item.description())) {
                jdbc.sql("""
                        update vendor_account set name = :name, description = :description, updated_at = :at
                        where tenant_id = :tenant and id = :id""")
                        .param("name", item.name())
                        .param("description", item.description())
                        .param("at", Timestamp.from(now))
                        .param("tenant", caller.tenantId())
                        .param("id", current.id())
                        .update();
            }
        }
        if (!added.isEmpty()) {
            events.publishEvent(
                    new VendorEvents.AccountsAdded(caller.tenantId(), caller.integrationId(), List.copyOf(added)));
            audit.record(
                    caller.tenantId(),
                    caller.actor(),
                    "vendor-account.added",
                    added.size() + " account(s)",
                    String.join(", ", addedNames));
        }
        integrations.touchSynced(caller, true);
        Map<String, Account> stored = accounts(caller.tenantId(), caller.integrationId(), byId.keySet()).stream()
                .collect(Collectors.toMap(Account::externalId, a -> a));
        return byId.keySet().stream().map(stored::get).toList();
    }

    @Transactional
    Account updateAccount(VendorTokens.VendorCaller caller, String externalId, String name, String description) {
        tokens.requireValid(caller);
        Account current = account(caller.tenantId(), caller.integrationId(), externalId)
                .orElseThrow(() -> new NotFoundException("No account found with id: " + externalId));
        String newName = name == null ? current.name() : checkedText("name", name, 500, true);
        String newDescription =
                description == null ? current.description() : checkedText("description", description, 2000, false);
        jdbc.sql(
                        "update vendor_account set name = :name, description = :description, updated_at = :at where tenant_id = :tenant and id = :id")
                .param("name", newName)
                .param("description", newDescription)
                .param("at", Timestamp.from(clock.instant()))
                .param("tenant", caller.tenantId())
                .param("id", current.id())
                .update();
        integrations.touchSynced(caller, true);
        return account(caller.tenantId(), caller.integrationId(), externalId).orElseThrow();
    }

    // ---------------------------------------------------------------- services

    List<Service> services(UUID tenantId, UUID integrationId) {
        return jdbc.sql("select " + SERVICE_COLUMNS
                        + " from vendor_service where tenant_id = :tenant and integration_id = :id order by name")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .query(VendorCatalog::mapService)
                .list();
    }

    Optional<Service> service(UUID tenantId, UUID integrationId, String externalId) {
        return jdbc.sql(
                        "select " + SERVICE_COLUMNS
                                + " from vendor_service where tenant_id = :tenant and integration_id = :id and external_id = :ext")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .param("ext", externalId)
                .query(VendorCatalog::mapService)
                .optional();
    }

    private Optional<Service> serviceByName(UUID tenantId, UUID integrationId, String name) {
        return jdbc.sql("select " + SERVICE_COLUMNS
                        + " from vendor_service where tenant_id = :tenant and integration_id = :id and name = :name")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .param("name", name)
                .query(VendorCatalog::mapService)
                .optional();
    }

    Optional<UUID> serviceId(UUID tenantId, UUID integrationId, String externalId) {
        ExternalKey key = new ExternalKey(integrationId, externalId);
        UUID id = serviceIds.getIfPresent(key);
        if (id != null) {
            return Optional.of(id);
        }
        Optional<UUID> found = service(tenantId, integrationId, externalId).map(Service::id);
        found.ifPresent(value -> serviceIds.put(key, value));
        return found;
    }

    /** POST /service: a service of the same name is returned as it is (idempotent); else a new one with a new _id. */
    @Transactional
    Service createService(VendorTokens.VendorCaller caller, ServiceInput input) {
        tokens.requireValid(caller);
        String name = checkedText("name", input.name(), 500, true);
        ServiceCategories.checkedCategory(input.category());
        ServiceCategories.checkedSubcategory(input.subcategory());
        Optional<Service> existing = serviceByName(caller.tenantId(), caller.integrationId(), name);
        if (existing.isPresent()) {
            integrations.touchSynced(caller, true);
            return existing.get();
        }
        Service created = insertService(caller, newServiceId(), name, input);
        integrations.touchSynced(caller, true);
        return created;
    }

    /**
     * POST /organization/services: each item matched by its id, else by name; new ones keep the vendor's id as their
     * {@code _id} (or get a new one when none is given).
     */
    @Transactional
    List<Service> upsertServices(VendorTokens.VendorCaller caller, List<Item> items) {
        tokens.requireValid(caller);
        List<Service> result = new ArrayList<>();
        List<Service> created = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item raw = items.get(i);
            String name = checkedText("[" + i + "].name", raw.name(), 500, true);
            String description = raw.description() == null
                    ? null
                    : checkedText("[" + i + "].description", raw.description(), 2000, false);
            String externalId =
                    raw.id() == null || raw.id().isBlank() ? null : checkedText("[" + i + "].id", raw.id(), 255, true);
            Optional<Service> existing = externalId == null
                    ? Optional.empty()
                    : service(caller.tenantId(), caller.integrationId(), externalId);
            if (existing.isEmpty()) {
                existing = serviceByName(caller.tenantId(), caller.integrationId(), name);
            }
            if (existing.isPresent()) {
                result.add(existing.get());
            } else {
                Service service = insertService(
                        caller,
                        externalId == null ? newServiceId() : externalId,
                        name,
                        new ServiceInput(name, description, null, null, null, null),
                        false);
                created.add(service);
                result.add(service);
            }
        }
        if (!created.isEmpty()) {
            events.publishEvent(new VendorEvents.ServicesAdded(
                    caller.tenantId(),
                    caller.integrationId(),
                    created.stream().map(Service::id).toList()));
            audit.record(
                    caller.tenantId(),
                    caller.actor(),
                    "vendor-service.added",
                    created.size() + " service(s)",
                    created.stream().map(Service::name).collect(Collectors.joining(", ")));
        }
        integrations.touchSynced(caller, true);
        return result;
    }

    private Service insertService(
            VendorTokens.VendorCaller caller, String externalId, String name, ServiceInput input) {
        Service service = insertService(caller, externalId, name, input, true);
        return service;
    }

    private Service insertService(
            VendorTokens.VendorCaller caller, String externalId, String name, ServiceInput input, boolean announce) {
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into vendor_service (id, tenant_id, integration_id, external_id, name, description, category, subcategory,
                  support_article, support_contact, counting_mode, created_at, updated_at)
                values (:id, :tenant, :integration, :ext, :name, :description, :category, :subcategory, :article, :contact,
                  :mode, :at, :at)""")
                .param("id", id)
                .param("tenant", caller.tenantId())
                .param("integration", caller.integrationId())
                .param("ext", externalId)
                .param("name", name)
                .param(
                        "description",
                        input.description() == null
                                ? null
                                : checkedText("description", input.description(), 2000, false))
                .param("category", input.category())
                .param("subcategory", input.subcategory())
                .param(
                        "article",
                        input.supportArticle() == null
                                ? null
                                : checkedText("supportArticle", input.supportArticle(), 2000, false))
                .param(
                        "contact",
                        input.supportContact() == null
                                ? null
                                : checkedText("supportContact", input.supportContact(), 500, false))
                .param("mode", CountingMode.DAILY_AVERAGE.name())
                .param("at", now)
                .update();
        if (announce) {
            events.publishEvent(new VendorEvents.ServicesAdded(caller.tenantId(), caller.integrationId(), List.of(id)));
            audit.record(caller.tenantId(), caller.actor(), "vendor-service.added", name, "SKU " + externalId);
        }
        return service(caller.tenantId(), caller.integrationId(), externalId).orElseThrow();
    }

    /** PATCH /service/{id}: null fields stay as they are. */
    @Transactional
    Service updateService(VendorTokens.VendorCaller caller, String externalId, ServiceInput input) {
        tokens.requireValid(caller);
        Service current = service(caller.tenantId(), caller.integrationId(), externalId)
                .orElseThrow(() -> new NotFoundException("No service found with id: " + externalId));
        String name = input.name() == null ? current.name() : checkedText("name", input.name(), 500, true);
        if (!name.equals(current.name())
                && serviceByName(caller.tenantId(), caller.integrationId(), name)
                        .isPresent()) {
            throw new com.trueup.shared.ConflictException("Another service is already named '" + name + "'");
        }
        jdbc.sql("""
                update vendor_service set name = :name, description = :description, category = :category, subcategory = :subcategory,
                  support_article = :article, support_contact = :contact, updated_at = :at
                where tenant_id = :tenant and id = :id""")
                .param("name", name)
                .param(
                        "description",
                        input.description() == null
                                ? current.description()
                                : checkedText("description", input.description(), 2000, false))
                .param(
                        "category",
                        input.category() == null
                                ? current.category()
                                : ServiceCategories.checkedCategory(input.category()))
                .param(
                        "subcategory",
                        input.subcategory() == null
                                ? current.subcategory()
                                : ServiceCategories.checkedSubcategory(input.subcategory()))
                .param(
                        "article",
                        input.supportArticle() == null
                                ? current.supportArticle()
                                : checkedText("supportArticle", input.supportArticle(), 2000, false))
                .param(
                        "contact",
                        input.supportContact() == null
                                ? current.supportContact()
                                : checkedText("supportContact", input.supportContact(), 500, false))
                .param("at", Timestamp.from(clock.instant()))
                .param("tenant", caller.tenantId())
                .param("id", current.id())
                .update();
        integrations.touchSynced(caller, true);
        return service(caller.tenantId(), caller.integrationId(), externalId).orElseThrow();
    }

    /** The MSP chooses how a service's counts become a billing quantity. */
    @Transactional
    Service setCountingMode(UUID tenantId, UUID integrationId, String externalId, String mode, String actor) {
        Integrations.Integration integration = integrations.get(tenantId, integrationId);
        Service current = service(tenantId, integrationId, externalId)
                .orElseThrow(() -> new NotFoundException("Service " + externalId + " not found"));
        CountingMode countingMode = parseMode(mode);
        if (countingMode != current.countingMode()) {
            jdbc.sql(
                            "update vendor_service set counting_mode = :mode, updated_at = :at where tenant_id = :tenant and id = :id")
                    .param("mode", countingMode.name())
                    .param("at", Timestamp.from(clock.instant()))
                    .param("tenant", tenantId)
                    .param("id", current.id())
                    .update();
            audit.record(
                    tenantId,
                    actor,
                    "vendor-service.counting-mode-changed",
                    integration.name() + " / " + current.name(),
                    current.countingMode() + " -> " + countingMode);
            events.publishEvent(new VendorEvents.UsageChanged(tenantId, integrationId, null, current.id(), null));
        }
        return service(tenantId, integrationId, externalId).orElseThrow();
    }

    static CountingMode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            throw new InvalidInputException("countingMode", "countingMode is required: DAILY_AVERAGE, LATEST or PEAK");
        }
        try {
            return CountingMode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "countingMode", "unknown countingMode '" + mode + "': use DAILY_AVERAGE, LATEST or PEAK");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Item checkedItem(Item item, String path) {
        if (item == null) {
            throw new InvalidInputException(path, path + " must be an object {id, name, description}");
        }
        String id = checkedText(path + ".id", item.id(), 255, true);
        String name = checkedText(path + ".name", item.name(), 500, true);
        String description =
                item.description() == null ? null : checkedText(path + ".description", item.description(), 2000, false);
        return new Item(id, name, description);
    }

    static String checkedText(String field, String value, int max, boolean required) {
        if (value == null || (required && value.isBlank())) {
            if (required) {
                throw new InvalidInputException(field, field + " is required");
            }
            return value;
        }
        String trimmed = required ? value.trim() : value;
        if (trimmed.length() > max) {
            throw new InvalidInputException(field, field + " must be at most " + max + " characters");
        }
        return trimmed;
    }

    /** A new service _id: 24 hex digits, like the ids Gradient issues. */
    static String newServiceId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static <T> List<List<T>> chunks(Collection<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>(Math.min(size, items.size()));
        for (T item : items) {
            current.add(item);
            if (current.size() == size) {
                chunks.add(current);
                current = new ArrayList<>(size);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
