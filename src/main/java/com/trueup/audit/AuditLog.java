package com.trueup.audit;

import com.trueup.shared.PageResult;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Records and reads the audit trail of an organisation. Entries are never changed. */
@Service
public class AuditLog {

    private static final int MAX_TEXT = 4000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AuditLog(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Appends an entry. {@code kind} is a dotted verb such as {@code user.created}; {@code subject}
     * names what was acted on; {@code detail} must never contain a secret. The entry is also published as
     * {@link Recorded} in the caller's transaction, for modules that react to what happened (notifications).
     */
    public void record(UUID tenantId, String actor, String kind, String subject, String detail) {
        Instant at = clock.instant();
        jdbc.sql("""
                insert into audit_event (id, tenant_id, at, actor, kind, subject, detail)
                values (:id, :tenant, :at, :actor, :kind, :subject, :detail)""")
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("at", java.sql.Timestamp.from(at))
                .param("actor", truncate(actor, 320))
                .param("kind", truncate(kind, 64))
                .param("subject", truncate(subject, 500))
                .param("detail", truncate(detail, MAX_TEXT))
                .update();
        events.publishEvent(new Recorded(tenantId, at, actor, kind, subject, detail));
    }

    /** Entries of one organisation, newest first; every filter is optional. Dates are in {@code zone}, {@code to} inclusive. */
    public PageResult<AuditEntry> search(UUID tenantId, AuditFilter filter, ZoneId zone, int page, int size) {
        StringBuilder where = new StringBuilder(" where tenant_id = :tenant");
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[] {"tenant", tenantId});
        if (filter.actor() != null && !filter.actor().isBlank()) {
            where.append(" and lower(actor) like :actor");
            params.add(new Object[] {"actor", "%" + filter.actor().trim().toLowerCase(java.util.Locale.ROOT) + "%"});
        }
        if (filter.kind() != null && !filter.kind().isBlank()) {
            where.append(" and kind like :kind");
            params.add(new Object[] {"kind", filter.kind().trim() + "%"});
        }
        if (filter.from() != null) {
            where.append(" and at >= :from");
            params.add(new Object[] {
                "from", java.sql.Timestamp.from(filter.from().atStartOfDay(zone).toInstant())
            });
        }
        if (filter.to() != null) {
            where.append(" and at < :to");
            params.add(new Object[] {
                "to",
                java.sql.Timestamp.from(
                        filter.to().plusDays(1).atStartOfDay(zone).toInstant())
            });
        }
        var count = jdbc.sql("select count(*) from audit_event" + where);
        var select = jdbc.sql("select at, actor, kind, subject, detail from audit_event" + where
                + " order by at desc, id limit :limit offset :offset");
        for (Object[] p : params) {
            count = count.param((String) p[0], p[1]);
            select = select.param((String) p[0], p[1]);
        }
        long total = count.query(Long.class).single();
        List<AuditEntry> items = select.param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new AuditEntry(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("kind"),
                        rs.getString("subject"),
                        rs.getString("detail")))
                .list();
        return new PageResult<>(items, page, size, total);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** An entry was appended (published in the transaction that appended it). */
    public record Recorded(UUID tenantId, Instant at, String actor, String kind, String subject, String detail) {}

    /** One audit entry as shown to users. */
    public record AuditEntry(Instant at, String actor, String kind, String subject, String detail) {}

    /** Filters of the audit log; {@code kind} matches as a prefix ({@code user} finds {@code user.created}). */
    public record AuditFilter(String actor, String kind, LocalDate from, LocalDate to) {}
}
