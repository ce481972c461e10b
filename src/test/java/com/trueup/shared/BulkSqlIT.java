package com.trueup.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Bulk writes store every value exactly (COPY on PostgreSQL, batched INSERTs otherwise) and take part in the transaction. */
class BulkSqlIT extends IntegrationTest {

    private static final List<String> COLUMNS =
            List.of("id", "tenant_id", "label", "amount", "counted", "flag", "on_day", "at");

    @Autowired
    BulkSql bulk;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void table() {
        jdbc.execute("""
                create table if not exists bulk_insert_check (id uuid primary key, tenant_id uuid not null, label varchar(200),
                  amount numeric(19,4), counted integer, flag boolean, on_day date, at timestamp with time zone)""");
    }

    @Test
    void storesEveryKindOfValueExactly() {
        UUID first = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-22T01:51:34.676105Z");
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {
            first,
            tenant,
            "tab\there, newline\nhere, back\\slash, cr\rhere, \\N, ünïcödé – “quotes”",
            new BigDecimal("15.1613"),
            7,
            true,
            LocalDate.of(2026, 7, 31),
            at
        });
        rows.add(new Object[] {UUID.randomUUID(), tenant, null, null, null, null, null, null});
        rows.add(new Object[] {
            UUID.randomUUID(),
            tenant,
            "",
            new BigDecimal("-0.0001"),
            0,
            false,
            LocalDate.of(2026, 1, 1),
            Instant.parse("2026-01-01T00:00:00Z")
        });
        for (int i = 0; i < 3000; i++) { // more than one COPY buffer and one INSERT chunk
            rows.add(new Object[] {
                UUID.randomUUID(),
                tenant,
                "row " + i + " " + "x".repeat(150),
                new BigDecimal(i).movePointLeft(2),
                i,
                i % 2 == 0,
                LocalDate.of(2026, 1, 1).plusDays(i % 365),
                at.plusSeconds(i)
            });
        }
        new TransactionTemplate(transactions)
                .executeWithoutResult(tx -> bulk.insert("bulk_insert_check", COLUMNS, rows));

        assertThat(jdbc.queryForObject(
                        "select count(*) from bulk_insert_check where tenant_id = ?", Long.class, tenant))
                .isEqualTo(3003);
        Map<String, Object> stored = jdbc.queryForMap("select * from bulk_insert_check where id = ?", first);
        assertThat(stored.get("label")).isEqualTo(rows.get(0)[2]);
        assertThat((BigDecimal) stored.get("amount")).isEqualByComparingTo("15.1613");
        assertThat(stored.get("counted")).isEqualTo(7);
        assertThat(stored.get("flag")).isEqualTo(true);
        assertThat(jdbc.queryForObject("select on_day from bulk_insert_check where id = ?", LocalDate.class, first))
                .isEqualTo(LocalDate.of(2026, 7, 31));
        assertThat(jdbc.queryForObject("select at from bulk_insert_check where id = ?", java.sql.Timestamp.class, first)
                        .toInstant())
                .isEqualTo(at);
        Map<String, Object> nulls = jdbc.queryForMap("select * from bulk_insert_check where id = ?", rows.get(1)[0]);
        assertThat(nulls.get("label")).isNull();
        assertThat(nulls.get("amount")).isNull();
        assertThat(nulls.get("flag")).isNull();
        assertThat(nulls.get("at")).isNull();
        assertThat(jdbc.queryForObject(
                        "select label from bulk_insert_check where id = ?", String.class, rows.get(2)[0]))
                .isEmpty();
        assertThat(jdbc.queryForObject(
                        "select sum(counted) from bulk_insert_check where tenant_id = ? and label like 'row %'",
                        Long.class, tenant))
                .isEqualTo(2999L * 3000 / 2);
    }

    @Test
    void updatesRowsByKeyWithEveryKindOfValue() {
        // a JDBC batch; on PostgreSQL from 1,024 rows a staging table and one UPDATE ... FROM it
        for (int size : new int[] {3, 300, 2 * BulkSql.STAGE_FROM_ROWS + 10}) {
            UUID tenantOf = UUID.randomUUID();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                rows.add(new Object[] {
                    UUID.randomUUID(),
                    tenantOf,
                    "before " + i,
                    BigDecimal.ONE,
                    i,
                    true,
                    LocalDate.of(2026, 1, 1),
                    Instant.parse("2026-01-01T00:00:00Z")
                });
            }
            new TransactionTemplate(transactions)
                    .executeWithoutResult(tx -> bulk.insert("bulk_insert_check", COLUMNS, rows));
            List<Object[]> changes = new ArrayList<>();
            for (int i = 0; i < size; i += 2) { // every other row; the last value pair is the key
                changes.add(new Object[] {
                    i % 4 == 0 ? null : "after\t" + i,
                    new BigDecimal("15.1613"),
                    null,
                    false,
                    Instant.parse("2026-07-31T23:59:59.123456Z"),
                    rows.get(i)[0],
                    tenantOf
                });
            }
            Integer updated = new TransactionTemplate(transactions)
                    .execute(tx -> bulk.update(
                            "bulk_insert_check",
                            List.of("label", "amount", "counted", "flag", "at"),
                            List.of("id", "tenant_id"),
                            changes));
            assertThat(updated).isEqualTo(changes.size());
            Map<String, Object> changed =
                    jdbc.queryForMap("select * from bulk_insert_check where id = ?", rows.get(2)[0]);
            assertThat(changed.get("label")).isEqualTo("after\t2");
            assertThat((BigDecimal) changed.get("amount")).isEqualByComparingTo("15.1613");
            assertThat(changed.get("counted")).isNull();
            assertThat(changed.get("flag")).isEqualTo(false);
            assertThat(changed.get("on_day")).isNotNull(); // not among the updated columns
            assertThat(jdbc.queryForObject(
                            "select label from bulk_insert_check where id = ?", String.class, rows.get(0)[0]))
                    .isNull();
            assertThat(jdbc.queryForObject(
                            "select label from bulk_insert_check where id = ?", String.class, rows.get(1)[0]))
                    .isEqualTo("before 1");
            assertThat(jdbc.queryForObject(
                            "select count(*) from bulk_insert_check where tenant_id = ? and flag = false",
                            Long.class,
                            tenantOf))
                    .isEqualTo(changes.size());
            // the key of another organisation matches nothing
            Integer none = new TransactionTemplate(transactions)
                    .execute(tx -> bulk.update(
                            "bulk_insert_check",
                            List.of("label"),
                            List.of("id", "tenant_id"),
                            List.<Object[]>of(new Object[] {"x", rows.get(1)[0], UUID.randomUUID()})));
            assertThat(none).isZero();
        }
    }

    @Test
    void updatesOnlyRowsThatStillHoldTheExpectedValues() {
        for (int size : new int[] {3, 300, 2 * BulkSql.STAGE_FROM_ROWS + 10}) {
            UUID tenantOf = UUID.randomUUID();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                rows.add(new Object[] {
                    UUID.randomUUID(),
                    tenantOf,
                    "v1 " + i,
                    BigDecimal.ONE,
                    i,
                    true,
                    LocalDate.of(2026, 1, 1),
                    Instant.parse("2026-01-01T00:00:00Z")
                });
            }
            new TransactionTemplate(transactions)
                    .executeWithoutResult(tx -> bulk.insert("bulk_insert_check", COLUMNS, rows));
            // another writer changed row 1 meanwhile
            jdbc.update("update bulk_insert_check set label = 'changed' where id = ?", rows.get(1)[0]);
            List<Object[]> changes = new ArrayList<>();
            for (int i = 0; i < size; i++) { // set label, amount; key id, tenant; expected label, amount
                changes.add(new Object[] {
                    "v2 " + i, new BigDecimal("2.5000"), rows.get(i)[0], tenantOf, "v1 " + i, BigDecimal.ONE
                });
            }
            Integer updated = new TransactionTemplate(transactions)
                    .execute(tx -> bulk.updateIfUnchanged(
                            "bulk_insert_check",
                            List.of("label", "amount"),
                            List.of("id", "tenant_id"),
                            List.of("label", "amount"),
                            changes));
            assertThat(updated).isEqualTo(size - 1);
            assertThat(jdbc.queryForObject(
                            "select label from bulk_insert_check where id = ?", String.class, rows.get(1)[0]))
                    .isEqualTo("changed");
            assertThat(jdbc.queryForObject(
                            "select label from bulk_insert_check where id = ?", String.class, rows.get(size - 1)[0]))
                    .isEqualTo("v2 " + (size - 1));
            assertThat(jdbc.queryForObject(
                            "select count(*) from bulk_insert_check where tenant_id = ? and amount = 2.5",
                            Long.class,
                            tenantOf))
                    .isEqualTo(size - 1L);
        }
    }

    @Test
    void rollsBackWithTheTransaction() {
        List<Object[]> rows = List.<Object[]>of(new Object[] {
            UUID.randomUUID(),
            tenant,
            "kept?",
            BigDecimal.ONE,
            1,
            true,
            LocalDate.of(2026, 7, 1),
            Instant.parse("2026-07-01T00:00:00Z")
        });
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                    bulk.insert("bulk_insert_check", COLUMNS, rows);
                    throw new IllegalStateException("later step fails");
                }))
                .hasMessage("later step fails");
        assertThat(jdbc.queryForObject(
                        "select count(*) from bulk_insert_check where tenant_id = ?", Long.class, tenant))
                .isZero();
    }

    @Test
    void aDuplicateKeyFailsTheWholeInsert() {
        UUID id = UUID.randomUUID();
        Object[] row = {
            id, tenant, "a", BigDecimal.ONE, 1, true, LocalDate.of(2026, 7, 1), Instant.parse("2026-07-01T00:00:00Z")
        };
        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                        .executeWithoutResult(
                                tx -> bulk.insert("bulk_insert_check", COLUMNS, List.of(row, row.clone()))))
                .isInstanceOf(org.springframework.dao.DataAccessException.class);
        assertThat(jdbc.queryForObject(
                        "select count(*) from bulk_insert_check where tenant_id = ?", Long.class, tenant))
                .isZero();
    }
}
