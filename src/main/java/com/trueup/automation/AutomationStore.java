package com.trueup.automation;

import com.trueup.shared.PageResult;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of rules, runs, holds, the switch and PSA refresh times. Every statement is scoped by tenant. */
@Repository
class AutomationStore {

    private static final String RULE_COLUMNS =
            "id, tenant_id, position, name, mode, scope_kind, scope_id, direction, max_units, "
                    + "max_percent, floor_quantity, ceiling_quantity, allow_new_lines, max_vendor_age_hours, max_psa_age_hours, "
                    + "trigger_kind, run_at, day_of_week, business_day, period_choice, next_run_at, created_at, created_by, updated_at, "
                    + "updated_by";

    private final JdbcClient jdbc;

    AutomationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- rules ----------------------------------------------------------------------------------------------

    List<Rule> rules(UUID tenantId) {
        return jdbc.sql("select " + RULE_COLUMNS
                        + " from automation_rule where tenant_id = :tenant order by position, created_at, id")
                .param("tenant", tenantId)
                .query((rs, n) -> rule(rs))
                .list();
    }

    Optional<Rule> rule(UUID tenantId, UUID id) {
        return jdbc.sql("select " + RULE_COLUMNS + " from automation_rule where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> rule(rs))
                .optional();
    }

    /** Rules with a timed schedule that is due, of every organisation (for the schedule job). */
    List<Rule> due(Instant now) {
        return jdbc.sql("select " + RULE_COLUMNS + " from automation_rule where next_run_at <= :now and mode <> 'off' "
                        + "and trigger_kind <> 'after-rebuild' order by next_run_at, id")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> rule(rs))
                .list();
    }

    /** Moves a due rule's next run on; false when another run claimed it first. */
    boolean claim(Rule rule, Instant next) {
        return jdbc.sql(
                                "update automation_rule set next_run_at = :next where tenant_id = :tenant and id = :id and next_run_at = :due")
                        .param("next", ts(next))
                        .param("tenant", rule.tenantId())
                        .param("id", rule.id())
                        .param("due", ts(rule.nextRunAt()))
                        .update()
                == 1;
    }

    boolean hasActiveAfterRebuildRules(UUID tenantId) {
        return jdbc.sql(
                                "select count(*) from automation_rule where tenant_id = :tenant and mode <> 'off' and trigger_kind = 'after-rebuild'")
                        .param("tenant", tenantId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(Rule r) {
        jdbc.sql(
                        "insert into automation_rule (" + RULE_COLUMNS
                                + ") values (:id, :tenant, :position, :name, :mode, :scopeKind, "
                                + ":scopeId, :direction, :maxUnits, :maxPercent, :floor, :ceiling, :allowNew, :vendorAge, :psaAge, :trigger, "
                                + ":runAt, :dayOfWeek, :businessDay, :period, :next, :createdAt, :createdBy, :updatedAt, :updatedBy)")
                .params(params(r))
                .update();
    }

    void update(Rule r) {
        jdbc.sql(
                        "update automation_rule set position = :position, name = :name, mode = :mode, scope_kind = :scopeKind, "
                                + "scope_id = :scopeId, direction = :direction, max_units = :maxUnits, max_percent = :maxPercent, "
                                + "floor_quantity = :floor, ceiling_quantity = :ceiling, allow_new_lines = :allowNew, "
                                + "max_vendor_age_hours = :vendorAge, max_psa_age_hours = :psaAge, trigger_kind = :trigger, run_at = :runAt, "
                                + "day_of_week = :dayOfWeek, business_day = :businessDay, period_choice = :period, next_run_at = :next, "
                                + "updated_at = :updatedAt, updated_by = :updatedBy where tenant_id = :tenant and id = :id")
                .params(params(r))
                .update();
    }

    void setPosition(UUID tenantId, UUID id, int position) {
        jdbc.sql("update automation_rule set position = :position where tenant_id = :tenant and id = :id")
                .param("position", position)
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    void delete(UUID tenantId, UUID id) {
        jdbc.sql("delete from automation_rule where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    private static Map<String, Object> params(Rule r) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", r.id());
        p.put("tenant", r.tenantId());
        p.put("position", r.position());
        p.put("name", r.name());
        p.put("mode", r.mode().wire());
        p.put("scopeKind", r.scope().kind().wire());
        p.put("scopeId", r.scope().id());
        Guards g = r.guards();
        p.put("direction", g.direction().wire());
        p.put("maxUnits", g.maxUnits());
        p.put("maxPercent", g.maxPercent());
        p.put("floor", g.floor());
        p.put("ceiling", g.ceiling());
        p.put("allowNew", g.allowNewLines());
        p.put("vendorAge", g.maxVendorAgeHours());
        p.put("psaAge", g.maxPsaAgeHours());
        Schedule s = r.schedule();
        p.put("trigger", s.trigger().wire());
        p.put("runAt", s.time() == null ? null : s.time().toString());
        p.put("dayOfWeek", s.dayOfWeek() == null ? null : s.dayOfWeek().name());
        p.put("businessDay", s.businessDay());
        p.put("period", s.period().wire());
        p.put("next", ts(r.nextRunAt()));
        p.put("createdAt", ts(r.createdAt()));
        p.put("createdBy", r.createdBy());
        p.put("updatedAt", ts(r.updatedAt()));
        p.put("updatedBy", r.updatedBy());
        return p;
    }

    private static Rule rule(ResultSet rs) throws SQLException {
        Guards guards = new Guards(
                Guards.Direction.parse(rs.getString("direction")),
                rs.getBigDecimal("max_units"),
                rs.getBigDecimal("max_percent"),
                rs.getBigDecimal("floor_quantity"),
                rs.getBigDecimal("ceiling_quantity"),
                rs.getBoolean("allow_new_lines"),
                (Integer) rs.getObject("max_vendor_age_hours", Integer.class),
                (Integer) rs.getObject("max_psa_age_hours", Integer.class));
        String runAt = rs.getString("run_at");
        String day = rs.getString("day_of_week");
        Schedule schedule = Schedule.parse(
                rs.getString("trigger_kind"),
                runAt,
                day,
                (Integer) rs.getObject("business_day", Integer.class),
                rs.getString("period_choice"));
        return new Rule(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getInt("position"),
                rs.getString("name"),
                RuleMode.parse(rs.getString("mode"), "mode"),
                Scope.of(rs.getString("scope_kind"), rs.getObject("scope_id", UUID.class)),
                guards,
                schedule,
                instant(rs, "next_run_at"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    // ---- the switch and PSA refreshes -------------------------------------------------------------------------

    record Switch(boolean paused, Instant changedAt, String changedBy) {}

    Optional<Switch> approvalsSwitch(UUID tenantId) {
        return jdbc.sql(
                        "select approvals_paused, changed_at, changed_by from automation_settings where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> new Switch(rs.getBoolean(1), instant(rs, "changed_at"), rs.getString(3)))
                .optional();
    }

    void setPaused(UUID tenantId, boolean paused, Instant at, String actor) {
        int updated = jdbc.sql(
                        "update automation_settings set approvals_paused = :paused, changed_at = :at, changed_by = :by "
                                + "where tenant_id = :tenant")
                .param("paused", paused)
                .param("at", ts(at))
                .param("by", actor)
                .param("tenant", tenantId)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into automation_settings (tenant_id, approvals_paused, changed_at, changed_by) "
                            + "values (:tenant, :paused, :at, :by) on conflict do nothing")
                    .param("paused", paused)
                    .param("at", ts(at))
                    .param("by", actor)
                    .param("tenant", tenantId)
                    .update();
        }
    }

    void psaRefreshed(UUID tenantId, UUID connectionId, Instant at) {
        int updated = jdbc.sql(
                        "update automation_psa_refresh set refreshed_at = :at where tenant_id = :tenant and connection_id = :c")
                .param("at", ts(at))
                .param("tenant", tenantId)
                .param("c", connectionId)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            "insert into automation_psa_refresh (tenant_id, connection_id, refreshed_at) values (:tenant, :c, :at) "
                                    + "on conflict do nothing")
                    .param("at", ts(at))
                    .param("tenant", tenantId)
                    .param("c", connectionId)
                    .update();
        }
    }

    Optional<Instant> psaRefreshedAt(UUID tenantId, UUID connectionId) {
        return jdbc.sql(
                        "select refreshed_at from automation_psa_refresh where tenant_id = :tenant and connection_id = :c")
                .param("tenant", tenantId)
                .param("c", connectionId)
                .query((rs, n) -> instant(rs, "refreshed_at"))
                .optional();
    }

    // ---- runs, items and holds --------------------------------------------------------------------------------

    record Run(
            UUID id,
            UUID tenantId,
            UUID ruleId,
            String ruleName,
            String mode,
            String trigger,
            String period,
            Instant startedAt,
            Instant finishedAt,
            int approved,
            int held,
            String outcome,
            String message) {}

    record Item(
            UUID lineId,
            String companyName,
            String serviceName,
            BigDecimal psaQuantity,
            BigDecimal quantityToWrite,
            String outcome,
            String reason,
            UUID writeBackId) {}

    void insertRun(Run r, List<Item> items) {
        jdbc.sql(
                        "insert into automation_run (id, tenant_id, rule_id, rule_name, mode, trigger_kind, period, started_at, finished_at, "
                                + "approved, held, outcome, message) values (:id, :tenant, :rule, :name, :mode, :trigger, :period, :started, "
                                + ":finished, :approved, :held, :outcome, :message)")
                .param("id", r.id())
                .param("tenant", r.tenantId())
                .param("rule", r.ruleId())
                .param("name", r.ruleName())
                .param("mode", r.mode())
                .param("trigger", r.trigger())
                .param("period", r.period())
                .param("started", ts(r.startedAt()))
                .param("finished", ts(r.finishedAt()))
                .param("approved", r.approved())
                .param("held", r.held())
                .param("outcome", r.outcome())
                .param("message", cut(r.message(), 2000))
                .update();
        for (Item i : items) {
            jdbc.sql(
                            "insert into automation_run_item (id, tenant_id, run_id, line_id, company_name, service_name, psa_quantity, "
                                    + "quantity_to_write, outcome, reason, write_back_id) values (:id, :tenant, :run, :line, :company, "
                                    + ":service, :psa, :write, :outcome, :reason, :wb)")
                    .param("id", UUID.randomUUID())
                    .param("tenant", r.tenantId())
                    .param("run", r.id())
                    .param("line", i.lineId())
                    .param("company", cut(i.companyName(), 300))
                    .param("service", cut(i.serviceName(), 300))
                    .param("psa", i.psaQuantity())
                    .param("write", i.quantityToWrite())
                    .param("outcome", i.outcome())
                    .param("reason", cut(i.reason(), 2000))
                    .param("wb", i.writeBackId())
                    .update();
        }
    }

    PageResult<Run> runs(UUID tenantId, UUID ruleId, int page, int size) {
        String where = " where tenant_id = :tenant" + (ruleId == null ? "" : " and rule_id = :rule");
        var count = jdbc.sql("select count(*) from automation_run" + where).param("tenant", tenantId);
        var select = jdbc.sql("select * from automation_run" + where
                        + " order by started_at desc, id limit :limit offset :offset")
                .param("tenant", tenantId);
        if (ruleId != null) {
            count = count.param("rule", ruleId);
            select = select.param("rule", ruleId);
        }
        long total = count.query(Long.class).single();
        return new PageResult<>(
                select.param("limit", size)
                        .param("offset", (long) page * size)
                        .query((rs, n) -> run(rs))
                        .list(),
                page,
                size,
                total);
    }

    Optional<Run> run(UUID tenantId, UUID id) {
        return jdbc.sql("select * from automation_run where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> run(rs))
                .optional();
    }

    List<Item> items(UUID tenantId, UUID runId) {
        return jdbc.sql("select * from automation_run_item where tenant_id = :tenant and run_id = :run "
                        + "order by case outcome when 'held' then 1 else 0 end, company_name, service_name, id")
                .param("tenant", tenantId)
                .param("run", runId)
                .query((rs, n) -> new Item(
                        rs.getObject("line_id", UUID.class),
                        rs.getString("company_name"),
                        rs.getString("service_name"),
                        rs.getBigDecimal("psa_quantity"),
                        rs.getBigDecimal("quantity_to_write"),
                        rs.getString("outcome"),
                        rs.getString("reason"),
                        rs.getObject("write_back_id", UUID.class)))
                .list();
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("rule_id", UUID.class),
                rs.getString("rule_name"),
                rs.getString("mode"),
                rs.getString("trigger_kind"),
                rs.getString("period"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getInt("approved"),
                rs.getInt("held"),
                rs.getString("outcome"),
                rs.getString("message"));
    }

    /** Quantities live rules already approved, per line, for the given lines. */
    Map<UUID, List<BigDecimal>> approvedBefore(UUID tenantId, Collection<UUID> lineIds) {
        Map<UUID, List<BigDecimal>> approved = new HashMap<>();
        List<UUID> ids = new ArrayList<>(lineIds);
        for (int from = 0; from < ids.size(); from += 500) {
            jdbc.sql(
                            "select line_id, quantity_to_write from automation_run_item where tenant_id = :tenant and outcome = 'approved' "
                                    + "and line_id in (:ids)")
                    .param("tenant", tenantId)
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .query((rs, n) -> approved.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(rs.getBigDecimal(2)))
                    .list();
        }
        return approved;
    }

    void hold(UUID tenantId, UUID lineId, String ruleName, String reason, Instant at) {
        int updated = jdbc.sql("update automation_line_hold set rule_name = :rule, reason = :reason, decided_at = :at "
                        + "where tenant_id = :tenant and line_id = :line")
                .param("rule", ruleName)
                .param("reason", cut(reason, 2000))
                .param("at", ts(at))
                .param("tenant", tenantId)
                .param("line", lineId)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into automation_line_hold (tenant_id, line_id, rule_name, reason, decided_at) "
                            + "values (:tenant, :line, :rule, :reason, :at) on conflict do nothing")
                    .param("rule", ruleName)
                    .param("reason", cut(reason, 2000))
                    .param("at", ts(at))
                    .param("tenant", tenantId)
                    .param("line", lineId)
                    .update();
        }
    }

    void release(UUID tenantId, UUID lineId) {
        jdbc.sql("delete from automation_line_hold where tenant_id = :tenant and line_id = :line")
                .param("tenant", tenantId)
                .param("line", lineId)
                .update();
    }

    record Hold(UUID lineId, String ruleName, String reason, Instant decidedAt) {}

    List<Hold> holds(UUID tenantId, Collection<UUID> lineIds) {
        if (lineIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        "select line_id, rule_name, reason, decided_at from automation_line_hold where tenant_id = :tenant "
                                + "and line_id in (:ids)")
                .param("tenant", tenantId)
                .param("ids", List.copyOf(lineIds))
                .query((rs, n) -> new Hold(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), instant(rs, "decided_at")))
                .list();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
