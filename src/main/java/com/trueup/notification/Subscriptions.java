package com.trueup.notification;

import com.trueup.audit.AuditLog;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.Secrets;
import com.trueup.tenant.Organisations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who receives what: each user's own e-mail choices, the organisation's webhooks (admins) with their event choices, and
 * the organisation's digest and alert settings (admins); and the "send a test" of each, sent at once.
 */
@Service
class Subscriptions {

    static final Set<String> FORMATS = Set.of("slack", "teams", "generic");

    private final NotificationStore store;
    private final Channels channels;
    private final AuditLog audit;
    private final Organisations organisations;
    private final Clock clock;

    Subscriptions(
            NotificationStore store, Channels channels, AuditLog audit, Organisations organisations, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.audit = audit;
        this.organisations = organisations;
        this.clock = clock;
    }

    // ---- each user's e-mails ----------------------------------------------------------------------------------

    Set<NoticeType> preferences(CurrentUser user) {
        return store.preferences(user.tenantId(), user.userId());
    }

    @Transactional
    Set<NoticeType> setPreferences(CurrentUser user, List<String> events) {
        Set<NoticeType> chosen = NoticeType.parseAll(events, "events");
        store.setPreferences(user.tenantId(), user.userId(), chosen, clock.instant());
        audit.record(
                user.tenantId(),
                user.email(),
                "notification.preferences-changed",
                user.email(),
                chosen.isEmpty() ? "no e-mails" : "e-mails: " + NoticeType.join(chosen));
        return chosen;
    }

    Channels.Outcome testEmail(CurrentUser user) {
        return channels.email(user.email(), test(user, "e-mail"));
    }

    // ---- webhooks ---------------------------------------------------------------------------------------------

    /** A new webhook and, for a generic one, its signing secret (shown this once). */
    record Created(NotificationStore.Webhook webhook, String signingSecret) {}

    List<NotificationStore.Webhook> webhooks(UUID tenantId) {
        return store.webhooks(tenantId);
    }

    NotificationStore.Webhook webhook(UUID tenantId, UUID id) {
        return store.webhook(tenantId, id).orElseThrow(() -> NotFoundException.of("Webhook", id));
    }

    @Transactional
    Created createWebhook(
            CurrentUser user, String name, String format, String url, List<String> events, Boolean enabled) {
        requireAdmin(user);
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new InvalidInputException("format", "format must be slack, teams or generic (got '" + format + "')");
        }
        URI uri = checkedUrl(url);
        String secret = f.equals("generic") ? Secrets.newSecret("whsec_") : null;
        Instant now = clock.instant();
        var webhook = new NotificationStore.Webhook(
                UUID.randomUUID(),
                user.tenantId(),
                checkedName(name),
                f,
                uri.toString(),
                hint(uri),
                secret,
                NoticeType.parseAll(events, "events"),
                enabled == null || enabled,
                now,
                user.email());
        store.insert(webhook, now);
        audit.record(
                user.tenantId(),
                user.email(),
                "notification.webhook-created",
                webhook.name(),
                f + " webhook to " + webhook.urlHint() + ", events: " + NoticeType.join(webhook.events()));
        return new Created(webhook, secret);
    }

    /** Changes name, events, enabled; a URL given replaces the stored one (which is never shown again). */
    @Transactional
    NotificationStore.Webhook updateWebhook(
            CurrentUser user, UUID id, String name, String url, List<String> events, Boolean enabled) {
        requireAdmin(user);
        var current = webhook(user.tenantId(), id);
        URI uri = url == null || url.isBlank() ? null : checkedUrl(url);
        var updated = new NotificationStore.Webhook(
                id,
                current.tenantId(),
                name == null ? current.name() : checkedName(name),
                current.format(),
                uri == null ? current.url() : uri.toString(),
                uri == null ? current.urlHint() : hint(uri),
                current.secret(),
                events == null ? current.events() : NoticeType.parseAll(events, "events"),
                enabled == null ? current.enabled() : enabled,
                current.createdAt(),
                current.createdBy());
        store.update(updated, clock.instant());
        audit.record(
                user.tenantId(),
                user.email(),
                "notification.webhook-changed",
                updated.name(),
                (updated.enabled() ? "enabled" : "disabled") + ", events: " + NoticeType.join(updated.events())
                        + (uri == null ? "" : ", new URL " + updated.urlHint()));
        return updated;
    }

    @Transactional
    void deleteWebhook(CurrentUser user, UUID id) {
        requireAdmin(user);
        var webhook = webhook(user.tenantId(), id);
        store.deleteWebhook(user.tenantId(), id);
        audit.record(user.tenantId(), user.email(), "notification.webhook-deleted", webhook.name(), webhook.urlHint());
    }

    Channels.Outcome testWebhook(CurrentUser user, UUID id) {
        requireAdmin(user);
        var webhook = webhook(user.tenantId(), id);
        Channels.Outcome outcome = channels.webhook(
                webhook,
                test(user, webhook.format() + " webhook \"" + webhook.name() + "\""),
                UUID.randomUUID(),
                UUID.randomUUID());
        audit.record(
                user.tenantId(),
                user.email(),
                "notification.webhook-tested",
                webhook.name(),
                outcome.sent() ? "test message delivered" : "test message not delivered: " + outcome.error());
        return outcome;
    }

    // ---- the organisation's settings ---------------------------------------------------------------------------

    NotificationStore.Settings settings(UUID tenantId) {
        return store.settings(tenantId);
    }

    @Transactional
    NotificationStore.Settings setSettings(
            CurrentUser user, String digestTime, String weeklyDigestDay, Integer vendorSilentDays) {
        requireAdmin(user);
        var current = store.settings(user.tenantId());
        LocalTime time = current.digestTime();
        if (digestTime != null) {
            try {
                time = LocalTime.parse(digestTime.trim()).withSecond(0).withNano(0);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "digestTime", "digestTime must be a time as HH:MM, e.g. 07:00 (got '" + digestTime + "')");
            }
        }
        DayOfWeek day = current.weeklyDigestDay();
        if (weeklyDigestDay != null) {
            try {
                day = DayOfWeek.valueOf(weeklyDigestDay.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "weeklyDigestDay", "weeklyDigestDay must be MONDAY … SUNDAY (got '" + weeklyDigestDay + "')");
            }
        }
        int days = vendorSilentDays == null ? current.vendorSilentDays() : vendorSilentDays;
        if (days < 1 || days > 60) {
            throw new InvalidInputException(
                    "vendorSilentDays", "vendorSilentDays must be between 1 and 60 (got " + days + ")");
        }
        var settings = new NotificationStore.Settings(time, day, days);
        store.setSettings(user.tenantId(), settings, clock.instant(), user.email());
        audit.record(
                user.tenantId(),
                user.email(),
                "notification.settings-changed",
                "notifications",
                "digests at " + time + ", weekly on " + day + ", vendor silent after " + days + " days");
        return settings;
    }

    private Notice test(CurrentUser user, String channel) {
        return new Notice(
                NoticeType.TEST.wire(),
                "Test message from TrueUp",
                "If you can read this, the " + channel + " works.",
                List.of(
                        new Notice.Fact(
                                "Organisation",
                                organisations.get(user.tenantId()).name()),
                        new Notice.Fact("Sent by", user.email())),
                List.of(),
                "/settings/notifications",
                Map.of("test", true),
                clock.instant());
    }

    /** An absolute http(s) URL with a host; anything else is refused (400 naming {@code url}). */
    static URI checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("url", "url is required: the webhook's https:// address");
        }
        if (url.length() > 2000) {
            throw new InvalidInputException("url", "url must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "url is not a valid address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidInputException("url", "url must start with https:// (or http://)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidInputException("url", "url must name a host, e.g. https://hooks.slack.com/services/...");
        }
        return uri;
    }

    /** What is shown of a saved URL: scheme, host and port only (the path of Slack and Teams URLs is their token). */
    static String hint(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/…";
    }

    private static String checkedName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (n.length() > 100) {
            throw new InvalidInputException("name", "name must be at most 100 characters");
        }
        return n;
    }

    private static void requireAdmin(CurrentUser user) {
        if (!user.can(Role.ADMIN)) {
            throw new AccessDeniedException("admin role required");
        }
    }
}
