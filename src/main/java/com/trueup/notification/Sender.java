package com.trueup.notification;

import com.trueup.shared.Backoff;
import com.trueup.shared.JobTime;
import com.trueup.tenant.UserAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One attempt of one delivery (the job's work). At most {@code maxConcurrentDeliveries} attempts talk to mail servers
 * and webhooks at once; a job that finds them all busy comes back a moment later without counting an attempt. A
 * retryable failure is tried again with exponential, jittered backoff (never sooner than a Retry-After) until
 * {@code maxAttempts}; a permanent one fails at once.
 */
@Component
class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final NotificationStore store;
    private final Channels channels;
    private final UserAccounts users;
    private final NotificationSettings settings;
    private final Clock clock;
    private final Semaphore permits;

    Sender(NotificationStore store, Channels channels, UserAccounts users, NotificationSettings settings, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.users = users;
        this.settings = settings;
        this.clock = clock;
        this.permits = new Semaphore(Math.max(1, settings.maxConcurrentDeliveries()));
    }

    /** Attempts the delivery; the scheduler time of the next attempt, or empty when there is none. */
    Optional<Instant> attempt(UUID tenantId, UUID deliveryId) {
        if (!permits.tryAcquire()) {
            return Optional.of(
                    JobTime.now().plusMillis(1000 + ThreadLocalRandom.current().nextInt(2000)));
        }
        try {
            Optional<NotificationStore.Delivery> found = store.delivery(tenantId, deliveryId);
            if (found.isEmpty() || !"queued".equals(found.get().status())) {
                return Optional.empty();
            }
            NotificationStore.Delivery d = found.get();
            Channels.Outcome outcome = send(d);
            Instant now = clock.instant();
            int attempts = d.attempts() + 1;
            if (outcome.sent()) {
                store.sent(tenantId, deliveryId, attempts, now);
                return Optional.empty();
            }
            if (!outcome.retryable() || attempts >= settings.maxAttempts()) {
                String error = outcome.retryable()
                        ? "Gave up after " + attempts + " attempts. Last error: " + outcome.error()
                        : outcome.error();
                store.attemptFailed(tenantId, deliveryId, attempts, error, null, now);
                log.info(
                        "Notification delivery {} ({} to {}) failed: {}",
                        deliveryId,
                        d.eventType(),
                        d.channel(),
                        error);
                return Optional.empty();
            }
            Duration delay = Backoff.delay(
                    attempts,
                    outcome.retryAfter(),
                    settings.backoffBase(),
                    settings.backoffMax(),
                    ThreadLocalRandom.current().nextDouble());
            store.attemptFailed(tenantId, deliveryId, attempts, outcome.error(), now.plus(delay), now);
            return Optional.of(JobTime.now().plus(delay));
        } finally {
            permits.release();
        }
    }

    private Channels.Outcome send(NotificationStore.Delivery d) {
        Optional<Notice> notice = store.event(d.tenantId(), d.eventId());
        if (notice.isEmpty()) {
            return Channels.Outcome.failed("The notice is gone.");
        }
        if (Notices.EMAIL.equals(d.channel())) {
            var user = users.get(d.tenantId(), d.targetId());
            if (!user.enabled()) {
                return Channels.Outcome.failed("The user " + user.email() + " is disabled.");
            }
            return channels.email(user.email(), notice.get());
        }
        return store.webhook(d.tenantId(), d.targetId())
                .map(w -> w.enabled()
                        ? channels.webhook(w, notice.get(), d.eventId(), d.id())
                        : Channels.Outcome.failed("The webhook \"" + w.name() + "\" was disabled."))
                .orElse(Channels.Outcome.failed("The webhook was deleted."));
    }
}
