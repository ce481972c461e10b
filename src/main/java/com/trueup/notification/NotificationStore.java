package com.trueup.notification;

import com.trueup.shared.PageResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage of webhooks, preferences, settings, events, deliveries and marks. Every statement is scoped by tenant. */
@Repository
class NotificationStore {

    private final JdbcClient jdbc;

    NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- webhooks -------------------------------------------------------------------------------------------

    /** A webhook as stored; {@code url} and {@code secret} never leave the module's delivery code. */
    record Webhook(
            UUID id,
            UUID tenantId,
            String name,
            String format,
            String url,
            String urlHint,
            String secret,
            Set<NoticeType> events,
            boolean enabled,
            Instant createdAt,
            String createdBy) {}

    List<Webhook> webhooks(UUID tenantId) {
        return jdbc.sql("select * from notification_webhook where tenant_id = :tenant order by name, id")
                .param("tenant", tenantId)
                .query((rs, n) -> webhook(rs))
                .list();
    }

    Optional<Webhook> webhook(UUID tenantId, UUID id) {
        return jdbc.sql("select * from notification_webhook where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> webhook(rs))
                .optional();
    }

    void insert(Webhook w, Instant now) {
        jdbc.sql(
                        "insert into notification_webhook (id, tenant_id, name, format, url, url_hint, secret, events, enabled, created_at, "
                                + "created_by, updated_at) values (:id, :tenant, :name, :format, :url, :hint, :secret, :events, :enabled, :at, :by, :at)")
                .param("id", w.id())
                .param("tenant", w.tenantId())
                .param("name", w.name())
                .param("format", w.format())
                .param("url", w.url())
                .param("hint", w.urlHint())
                .param("secret", w.secret())
                .param("events", NoticeType.join(w.events()))
                .param("enabled", w.enabled())
                .param("at", Timestamp.from(now))
                .param("by", w.createdBy())
                .update();
    }

    void update(Webhook w, Instant now) {
        jdbc.sql(
                        "update notification_webhook set name = :name, url = :url, url_hint = :hint, events = :events, enabled = :enabled, "
                                + "updated_at = :at where tenant_id = :tenant and id = :id")
                .param("name", w.name())
                .param("url", w.url())
                .param("hint", w.urlHint())
                .param("events", NoticeType.join(w.events()))
                .param("enabled", w.enabled())
                .param("at", Timestamp.from(now))
                .param("tenant", w.tenantId())
                .param("id", w.id())
                .update();
    }

    void deleteWebhook(UUID tenantId, UUID id) {
        jdbc.sql("delete from notification_webhook where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("name"),
                rs.getString("format"),
                rs.getString("url"),
                rs.getString("url_hint"),
                rs.getString("secret"),
                NoticeType.split(rs.getString("events")),
                rs.getBoolean("enabled"),
                instant(rs, "created_at"),
                rs.getString("created_by"));
    }

    // ---- preferences and settings ------------------------------------------------------------------------------

    Set<NoticeType> preferences(UUID tenantId, UUID userId) {
        return jdbc.sql("select events from notification_preference where tenant_id = :tenant and user_id = :user")
                .param("tenant", tenantId)
                .param("user", userId)
                .query(String.class)
                .optional()
                .map(NoticeType::split)
                .orElse(Set.of());
    }

    /** Users of the organisation who chose {@code type}. */
    List<UUID> subscribers(UUID tenantId, NoticeType type) {
        return jdbc
                .sql("select user_id, events from notification_preference where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> NoticeType.split(rs.getString(2)).contains(type) ? rs.getObject(1, UUID.class) : null)
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    void setPreferences(UUID tenantId, UUID userId, Set<NoticeType> events, Instant now) {
        int updated = jdbc.sql(
                        "update notification_preference set events = :events, updated_at = :at where tenant_id = :tenant "
                                + "and user_id = :user")
                .param("events", NoticeType.join(events))
                .param("at", Timestamp.from(now))
                .param("tenant", tenantId)
                .param("user", userId)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            "insert into notification_preference (tenant_id, user_id, events, updated_at) values (:tenant, :user, :events, :at) "
                                    + "on conflict do nothing")
                    .param("events", NoticeType.join(events))
                    .param("at", Timestamp.from(now))
                    .param("tenant", tenantId)
                    .param("user", userId)
                    .update();
        }
    }

    /** When digests go out and after how many silent days a vendor is reported. */
    record Settings(LocalTime digestTime, DayOfWeek weeklyDigestDay, int vendorSilentDays) {

        static final Settings DEFAULT = new Settings(LocalTime.of(7, 0), DayOfWeek.MONDAY, 3);
    }

    Settings settings(UUID tenantId) {
        return jdbc.sql(
                        "select digest_time, weekly_digest_day, vendor_silent_days from notification_settings where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> new Settings(
                        LocalTime.parse(rs.getString(1)), DayOfWeek.valueOf(rs.getString(2)), rs.getInt(3)))
                .optional()
                .orElse(Settings.DEFAULT);
    }

    void setSettings(UUID tenantId, Settings s, Instant now, String actor) {
        int updated = jdbc.sql(
                        "update notification_settings set digest_time = :time, weekly_digest_day = :day, vendor_silent_days = :days, "
                                + "updated_at = :at, updated_by = :by where tenant_id = :tenant")
                .param("time", s.digestTime().toString())
                .param("day", s.weeklyDigestDay().name())
                .param("days", s.vendorSilentDays())
                .param("at", Timestamp.from(now))
                .param("by", actor)
                .param("tenant", tenantId)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            "insert into notification_settings (tenant_id, digest_time, weekly_digest_day, vendor_silent_days, updated_at, "
                                    + "updated_by) values (:tenant, :time, :day, :days, :at, :by) on conflict do nothing")
                    .param("time", s.digestTime().toString())
                    .param("day", s.weeklyDigestDay().name())
                    .param("days", s.vendorSilentDays())
                    .param("at", Timestamp.from(now))
                    .param("by", actor)
                    .param("tenant", tenantId)
                    .update();
        }
    }

    // ---- events and deliveries ----------------------------------------------------------------------------------

    void insertEvent(UUID id, UUID tenantId, Notice notice, Instant now) {
        jdbc.sql("insert into notification_event (id, tenant_id, type, title, payload, created_at) "
                        + "values (:id, :tenant, :type, :title, :payload, :at)")
                .param("id", id)
                .param("tenant", tenantId)
                .param("type", notice.type())
                .param(
                        "title",
                        notice.title().length() <= 300
                                ? notice.title()
                                : notice.title().substring(0, 300))
                .param("payload", Renderings.toJson(notice))
                .param("at", Timestamp.from(now))
                .update();
    }

    Optional<Notice> event(UUID tenantId, UUID id) {
        return jdbc.sql("select payload from notification_event where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(String.class)
                .optional()
                .map(Renderings::fromJson);
    }

    /** A delivery of one event to one user's e-mail or one webhook. {@code status}: queued, sent, failed. */
    record Delivery(
            UUID id,
            UUID tenantId,
            UUID eventId,
            String channel,
            UUID targetId,
            String status,
            int attempts,
            String lastError,
            Instant nextAttemptAt,
            Instant sentAt,
            Instant createdAt,
            String eventType,
            String title) {}

    void insertDelivery(UUID id, UUID tenantId, UUID eventId, String channel, UUID targetId, Instant now) {
        jdbc.sql(
                        "insert into notification_delivery (id, tenant_id, event_id, channel, target_id, status, attempts, next_attempt_at, "
                                + "created_at, updated_at) values (:id, :tenant, :event, :channel, :target, 'queued', 0, :at, :at, :at)")
                .param("id", id)
                .param("tenant", tenantId)
                .param("event", eventId)
                .param("channel", channel)
                .param("target", targetId)
                .param("at", Timestamp.from(now))
                .update();
    }

    private static final String DELIVERY_SELECT =
            "select d.*, e.type as event_type, e.title as event_title from notification_delivery d "
                    + "join notification_event e on e.id = d.event_id and e.tenant_id = d.tenant_id";

    Optional<Delivery> delivery(UUID tenantId, UUID id) {
        return jdbc.sql(DELIVERY_SELECT + " where d.tenant_id = :tenant and d.id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> delivery(rs))
                .optional();
    }

    PageResult<Delivery> deliveries(UUID tenantId, String status, int page, int size) {
        String where = " where d.tenant_id = :tenant" + (status == null ? "" : " and d.status = :status");
        var count =
                jdbc.sql("select count(*) from notification_delivery d" + where).param("tenant", tenantId);
        var select = jdbc.sql(DELIVERY_SELECT + where + " order by d.created_at desc, d.id limit :limit offset :offset")
                .param("tenant", tenantId);
        if (status != null) {
            count = count.param("status", status);
            select = select.param("status", status);
        }
        long total = count.query(Long.class).single();
        return new PageResult<>(
                select.param("limit", size)
                        .param("offset", (long) page * size)
                        .query((rs, n) -> delivery(rs))
                        .list(),
                page,
                size,
                total);
    }

    void sent(UUID tenantId, UUID id, int attempts, Instant now) {
        jdbc.sql(
                        "update notification_delivery set status = 'sent', attempts = :attempts, last_error = null, next_attempt_at = null, "
                                + "sent_at = :at, updated_at = :at where tenant_id = :tenant and id = :id")
                .param("attempts", attempts)
                .param("at", Timestamp.from(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    void attemptFailed(UUID tenantId, UUID id, int attempts, String error, Instant nextAttempt, Instant now) {
        jdbc.sql("update notification_delivery set status = :status, attempts = :attempts, last_error = :error, "
                        + "next_attempt_at = :next, updated_at = :at where tenant_id = :tenant and id = :id")
                .param("status", nextAttempt == null ? "failed" : "queued")
                .param("attempts", attempts)
                .param("error", error.length() <= 1000 ? error : error.substring(0, 1000))
                .param("next", nextAttempt == null ? null : Timestamp.from(nextAttempt))
                .param("at", Timestamp.from(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("channel"),
                rs.getObject("target_id", UUID.class),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                instant(rs, "next_attempt_at"),
                instant(rs, "sent_at"),
                instant(rs, "created_at"),
                rs.getString("event_type"),
                rs.getString("event_title"));
    }

    // ---- marks: each digest and alert once -------------------------------------------------------------------

    Optional<String> mark(UUID tenantId, String key) {
        return jdbc.sql("select mark_value from notification_mark where tenant_id = :tenant and mark_key = :key")
                .param("tenant", tenantId)
                .param("key", key)
                .query(String.class)
                .optional();
    }

    /** Sets the mark from {@code expected} (null: absent) to {@code value}; false when someone else moved it first. */
    boolean moveMark(UUID tenantId, String key, String expected, String value) {
        if (expected == null) {
            return jdbc.sql(
                                    "insert into notification_mark (tenant_id, mark_key, mark_value) values (:tenant, :key, :value) "
                                            + "on conflict do nothing")
                            .param("tenant", tenantId)
                            .param("key", key)
                            .param("value", value)
                            .update()
                    == 1;
        }
        return jdbc.sql(
                                "update notification_mark set mark_value = :value where tenant_id = :tenant and mark_key = :key "
                                        + "and mark_value = :expected")
                        .param("value", value)
                        .param("tenant", tenantId)
                        .param("key", key)
                        .param("expected", expected)
                        .update()
                == 1;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
