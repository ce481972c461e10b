package com.trueup.psa.file;

import com.trueup.audit.AuditLog;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.ConflictException;
import com.trueup.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An organisation's saved import profiles, and the presets every organisation has: TrueUp's own layout and the
 * documented CSV exports each connector declares ({@code ConnectorDescriptor.fileLayouts()}).
 */
@Service
class ImportProfiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final List<PsaConnector> connectors;

    ImportProfiles(JdbcClient jdbc, Clock clock, AuditLog audit, List<PsaConnector> connectors) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.connectors = connectors;
    }

    List<ImportProfile> list(UUID tenantId) {
        return jdbc.sql("select * from psa_import_profile where tenant_id = :tenant order by lower(name), id")
                .param("tenant", tenantId)
                .query(ImportProfiles::map)
                .list();
    }

    Optional<ImportProfile> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from psa_import_profile where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(ImportProfiles::map)
                .optional();
    }

    ImportProfile get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> NotFoundException.of("Import profile", id));
    }

    /** TrueUp's layout first, then every connector's documented exports. */
    List<ImportProfile> presets() {
        List<ImportProfile> presets = new ArrayList<>();
        presets.add(ImportProfile.trueUpLayout());
        connectors.stream()
                .flatMap(c -> c.descriptor().fileLayouts().stream())
                .map(ImportProfile::of)
                .forEach(presets::add);
        return presets;
    }

    /** Saves a new profile (or replaces the one of the same name when {@code replace}). */
    @Transactional
    ImportProfile create(UUID tenantId, ImportProfile input, String actor) {
        ImportProfile p = input.checked();
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.sql("""
                    insert into psa_import_profile (id, tenant_id, name, part, header_row, delimiter, encoding, date_format,
                        decimal_separator, columns, inactive_values, created_by, created_at, updated_at)
                    values (:id, :tenant, :name, :part, :headerRow, :delimiter, :encoding, :dateFormat, :decimal, :columns,
                        :inactive, :actor, :now, :now)""")
                    .param("id", id)
                    .param("tenant", tenantId)
                    .params(values(p))
                    .param("actor", actor)
                    .param("now", now)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An import profile named \"" + p.name()
                    + "\" exists already: choose another name " + "or change that profile.");
        }
        audit.record(tenantId, actor, "psa.import-profile.created", p.name(), describe(p));
        return get(tenantId, id);
    }

    @Transactional
    ImportProfile update(UUID tenantId, UUID id, ImportProfile input, String actor) {
        get(tenantId, id);
        ImportProfile p = input.checked();
        try {
            jdbc.sql("""
                    update psa_import_profile set name = :name, part = :part, header_row = :headerRow, delimiter = :delimiter,
                        encoding = :encoding, date_format = :dateFormat, decimal_separator = :decimal, columns = :columns,
                        inactive_values = :inactive, updated_at = :now
                    where tenant_id = :tenant and id = :id""")
                    .params(values(p))
                    .param("now", Timestamp.from(clock.instant()))
                    .param("tenant", tenantId)
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An import profile named \"" + p.name() + "\" exists already.");
        }
        audit.record(tenantId, actor, "psa.import-profile.changed", p.name(), describe(p));
        return get(tenantId, id);
    }

    @Transactional
    void delete(UUID tenantId, UUID id, String actor) {
        ImportProfile p = get(tenantId, id);
        jdbc.sql("delete from psa_import_profile where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .update();
        audit.record(tenantId, actor, "psa.import-profile.deleted", p.name(), "");
    }

    private static Map<String, Object> values(ImportProfile p) {
        return Map.of(
                "name",
                p.name(),
                "part",
                p.part().name(),
                "headerRow",
                p.headerRow(),
                "delimiter",
                String.valueOf(p.delimiter()),
                "encoding",
                p.encoding().name(),
                "dateFormat",
                p.dateFormat(),
                "decimal",
                String.valueOf(p.decimalSeparator()),
                "columns",
                JSON.writeValueAsString(p.columns()),
                "inactive",
                String.join(",", p.inactiveValues()));
    }

    static String describe(ImportProfile p) {
        return p.part().name().toLowerCase(java.util.Locale.ROOT) + ", header row " + p.headerRow() + ", delimiter "
                + ImportProfile.delimiterName(p.delimiter()) + ", "
                + p.encoding().apiName() + ", dates " + p.dateFormat()
                + ", decimal " + p.decimalSeparator() + ", columns " + p.columns();
    }

    private static ImportProfile map(ResultSet rs, int n) throws SQLException {
        Map<String, String> columns = JSON.readValue(rs.getString("columns"), STRING_MAP);
        Set<String> inactive = Arrays.stream(rs.getString("inactive_values").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return new ImportProfile(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                SnapshotPart.valueOf(rs.getString("part")),
                rs.getInt("header_row"),
                rs.getString("delimiter").charAt(0),
                FileEncoding.valueOf(rs.getString("encoding")),
                rs.getString("date_format"),
                rs.getString("decimal_separator").charAt(0),
                columns,
                inactive,
                null,
                false);
    }
}
