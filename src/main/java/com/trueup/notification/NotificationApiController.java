package com.trueup.notification;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notifications on {@code /api/v1/notifications}: your e-mails, the webhooks, the organisation's settings, deliveries. */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications")
class NotificationApiController {

    private final Subscriptions subscriptions;
    private final Channels channels;
    private final NotificationStore store;

    NotificationApiController(Subscriptions subscriptions, Channels channels, NotificationStore store) {
        this.subscriptions = subscriptions;
        this.channels = channels;
        this.store = store;
    }

    record EventChoice(String event, String label) {}

    record Preferences(String email, boolean emailConfigured, List<String> events, List<EventChoice> available) {}

    record PreferencesBody(List<String> events) {}

    record TestResult(boolean delivered, String detail) {

        static TestResult of(Channels.Outcome o) {
            return new TestResult(o.sent(), o.sent() ? "The test message was delivered." : o.error());
        }
    }

    record WebhookView(
            UUID id,
            String name,
            String format,
            String urlHint,
            List<String> events,
            boolean enabled,
            Instant createdAt,
            String createdBy) {

        static WebhookView of(NotificationStore.Webhook w) {
            return new WebhookView(
                    w.id(),
                    w.name(),
                    w.format(),
                    w.urlHint(),
                    w.events().stream().map(NoticeType::wire).toList(),
                    w.enabled(),
                    w.createdAt(),
                    w.createdBy());
        }
    }

    record WebhookBody(String name, String format, String url, List<String> events, Boolean enabled) {}

    record CreatedWebhook(WebhookView webhook, String signingSecret) {}

    record SettingsView(String digestTime, String weeklyDigestDay, int vendorSilentDays) {

        static SettingsView of(NotificationStore.Settings s) {
            return new SettingsView(
                    s.digestTime().toString(), s.weeklyDigestDay().name(), s.vendorSilentDays());
        }
    }

    record SettingsBody(String digestTime, String weeklyDigestDay, Integer vendorSilentDays) {}

    record DeliveryView(
            UUID id,
            String event,
            String title,
            String channel,
            UUID targetId,
            String status,
            int attempts,
            String lastError,
            Instant nextAttemptAt,
            Instant sentAt,
            Instant createdAt) {

        static DeliveryView of(NotificationStore.Delivery d) {
            return new DeliveryView(
                    d.id(),
                    d.eventType(),
                    d.title(),
                    d.channel(),
                    d.targetId(),
                    d.status(),
                    d.attempts(),
                    d.lastError(),
                    d.nextAttemptAt(),
                    d.sentAt(),
                    d.createdAt());
        }
    }

    @GetMapping("/preferences")
    @Operation(summary = "Which notifications you receive by e-mail, and the events you can choose from")
    Preferences preferences(@AuthenticationPrincipal CurrentUser user) {
        return preferencesOf(user, subscriptions.preferences(user));
    }

    @PutMapping("/preferences")
    @Operation(
            summary = "Choose the notifications you receive by e-mail (events: digest-daily, digest-weekly, unmapped, "
                    + "psa-sync-failed, writeback-failed, writeback-conflict, vendor-silent, no-usage)")
    Preferences setPreferences(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) PreferencesBody body) {
        if (body == null || body.events() == null) {
            throw new InvalidInputException("events", "events is required: a list of event names (empty for none)");
        }
        return preferencesOf(user, subscriptions.setPreferences(user, body.events()));
    }

    @PostMapping("/preferences/test")
    @Operation(
            summary = "Send a test e-mail to yourself now",
            description = "delivered false with the SMTP server's answer otherwise.")
    TestResult testEmail(@AuthenticationPrincipal CurrentUser user) {
        return TestResult.of(subscriptions.testEmail(user));
    }

    @GetMapping("/webhooks")
    @Operation(summary = "The organisation's webhooks (their URLs are never shown after saving, only the host)")
    List<WebhookView> webhooks(@AuthenticationPrincipal CurrentUser user) {
        return subscriptions.webhooks(user.tenantId()).stream()
                .map(WebhookView::of)
                .toList();
    }

    @PostMapping("/webhooks")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Add a webhook (format slack, teams or generic; url http(s) only; events it receives)",
            description =
                    "A generic webhook's signingSecret is answered this once: every delivery carries X-TrueUp-Signature: "
                            + "sha256=HMAC-SHA256(secret, X-TrueUp-Timestamp + '.' + body).")
    ResponseEntity<CreatedWebhook> createWebhook(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) WebhookBody body) {
        WebhookBody b = body == null ? new WebhookBody(null, null, null, null, null) : body;
        var created = subscriptions.createWebhook(user, b.name(), b.format(), b.url(), b.events(), b.enabled());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedWebhook(WebhookView.of(created.webhook()), created.signingSecret()));
    }

    @GetMapping("/webhooks/{id}")
    @Operation(summary = "One webhook")
    WebhookView webhook(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return WebhookView.of(subscriptions.webhook(user.tenantId(), id));
    }

    @PutMapping("/webhooks/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change a webhook's name, events, enabled; a url given replaces the stored one")
    WebhookView updateWebhook(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestBody(required = false) WebhookBody body) {
        WebhookBody b = body == null ? new WebhookBody(null, null, null, null, null) : body;
        return WebhookView.of(subscriptions.updateWebhook(user, id, b.name(), b.url(), b.events(), b.enabled()));
    }

    @DeleteMapping("/webhooks/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Delete a webhook")
    ResponseEntity<Void> deleteWebhook(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        subscriptions.deleteWebhook(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/webhooks/{id}/test")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Send a test message to the webhook now",
            description = "delivered false with the webhook's answer otherwise.")
    TestResult testWebhook(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return TestResult.of(subscriptions.testWebhook(user, id));
    }

    @GetMapping("/settings")
    @Operation(
            summary =
                    "When digests go out (organisation's time zone) and after how many days a silent vendor is reported")
    SettingsView settings(@AuthenticationPrincipal CurrentUser user) {
        return SettingsView.of(subscriptions.settings(user.tenantId()));
    }

    @PutMapping("/settings")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change digestTime (HH:MM), weeklyDigestDay (MONDAY …) and vendorSilentDays (1–60)")
    SettingsView setSettings(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) SettingsBody body) {
        SettingsBody b = body == null ? new SettingsBody(null, null, null) : body;
        return SettingsView.of(
                subscriptions.setSettings(user, b.digestTime(), b.weeklyDigestDay(), b.vendorSilentDays()));
    }

    @GetMapping("/deliveries")
    @Operation(
            summary =
                    "Deliveries of notifications, newest first (status queued, sent or failed), with attempts and errors")
    PageResult<DeliveryView> deliveries(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        String s = status == null || status.isBlank() ? null : status.trim().toLowerCase(java.util.Locale.ROOT);
        if (s != null && !Set.of("queued", "sent", "failed").contains(s)) {
            throw new InvalidInputException("status", "status must be queued, sent or failed (got '" + status + "')");
        }
        return store.deliveries(user.tenantId(), s, PageResult.checkedPage(page), PageResult.checkedSize(size, 50, 200))
                .map(DeliveryView::of);
    }

    private Preferences preferencesOf(CurrentUser user, Set<NoticeType> events) {
        return new Preferences(
                user.email(),
                channels.mailConfigured(),
                events.stream().map(NoticeType::wire).toList(),
                NoticeType.choosable().stream()
                        .map(t -> new EventChoice(t.wire(), t.label()))
                        .toList());
    }
}
