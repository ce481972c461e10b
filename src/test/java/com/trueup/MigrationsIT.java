package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.IntegrationTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The schema every module adds obeys the storage rules on both databases. */
class MigrationsIT extends IntegrationTest {

    /** Tables that hold no organisation's data. */
    private static final Set<String> GLOBAL_TABLES = Set.of("organisation", "flyway_schema_history", "scheduled_tasks");

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyTenantTableHasTenantId() {
        List<String> tables = jdbc.sql("""
                select table_name from information_schema.tables
                where lower(table_schema) = 'public' and table_type in ('BASE TABLE', 'TABLE')""").query(String.class).list();
        assertThat(tables).contains("app_user", "audit_event", "api_token");
        for (String table : tables) {
            if (GLOBAL_TABLES.contains(table.toLowerCase())) {
                continue;
            }
            long columns = jdbc.sql("""
                    select count(*) from information_schema.columns
                    where lower(table_schema) = 'public' and lower(table_name) = :t and lower(column_name) = 'tenant_id'""")
                    .param("t", table.toLowerCase())
                    .query(Long.class)
                    .single();
            assertThat(columns).as("table %s must have tenant_id", table).isEqualTo(1);
        }
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    /**
     * A database of an earlier release, which lacks migrations added since to modules with lower numbers, takes them:
     * the app's Flyway settings apply them out of order instead of refusing to start.
     */
    @Test
    void aDatabaseOfAnEarlierReleaseTakesMigrationsAddedSinceToEarlierModules() throws Exception {
        assertThat(environment.getProperty("spring.flyway.out-of-order", Boolean.class))
                .isTrue();
        java.nio.file.Path earlier = java.nio.file.Files.createTempDirectory("migrations");
        List<String> left = List.of(
                "V10_3__vendor_days_only_in_month_rows.sql",
                "V40_3__reconciliation_period_lines_version.sql",
                "V40_4__reconciliation_pending_merged.sql");
        for (org.springframework.core.io.Resource resource :
                new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                        .getResources("classpath:db/migration/*.sql")) {
            if (!left.contains(resource.getFilename())) {
                try (var in = resource.getInputStream()) {
                    java.nio.file.Files.copy(in, earlier.resolve(resource.getFilename()));
                }
            }
        }
        String url = "jdbc:h2:mem:upgrade-" + java.util.UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        org.flywaydb.core.Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("filesystem:" + earlier)
                .load()
                .migrate();
        var database = JdbcClient.create(
                new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(), url, "sa", ""));
        java.time.OffsetDateTime requestedAt = java.time.OffsetDateTime.parse("2026-11-21T23:38:00Z");
        database.sql(
                        "insert into reconciliation_pending (id, tenant_id, scope, created_at) values (:id, :tenant, 'all', :at)")
                .param("id", java.util.UUID.randomUUID())
                .param("tenant", java.util.UUID.randomUUID())
                .param("at", requestedAt)
                .update();
        var upgrade = org.flywaydb.core.Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .load()
                .migrate();
        assertThat(upgrade.migrationsExecuted).isEqualTo(left.size());
        assertThat(upgrade.success).isTrue();
        // a request waiting at the upgrade keeps its time as its newest request's, unmerged
        assertThat(database.sql("select version, updated_at from reconciliation_pending")
                        .query((rs, n) -> rs.getLong("version") + " "
                                + rs.getObject("updated_at", java.time.OffsetDateTime.class)
                                        .toInstant())
                        .single())
                .isEqualTo("0 " + requestedAt.toInstant());
    }

    @Test
    void migrationsAllApplied() {
        long failed = jdbc.sql("select count(*) from flyway_schema_history where success = false")
                .query(Long.class)
                .single();
        assertThat(failed).isZero();
    }
}
