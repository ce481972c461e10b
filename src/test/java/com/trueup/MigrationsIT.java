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
                where lower(table_schema) = 'public' and table_type in ('BASE TABLE', 'TABLE')""")
                .query(String.class).list();
        assertThat(tables).contains("app_user", "audit_event", "api_token");
        for (String table : tables) {
            if (GLOBAL_TABLES.contains(table.toLowerCase())) {
                continue;
            }
            long columns = jdbc.sql("""
                    select count(*) from information_schema.columns
                    where lower(table_schema) = 'public' and lower(table_name) = :t and lower(column_name) = 'tenant_id'""")
                    .param("t", table.toLowerCase()).query(Long.class).single();
            assertThat(columns).as("table %s must have tenant_id", table).isEqualTo(1);
        }
    }

    @Test
    void migrationsAllApplied() {
        long failed = jdbc.sql("select count(*) from flyway_schema_history where success = false").query(Long.class).single();
        assertThat(failed).isZero();
    }
}
