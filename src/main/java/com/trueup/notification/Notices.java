package com.trueup.notification;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.trueup.shared.JobTime;
import com.trueup.tenant.UserAccounts;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishes a notice: stores it and queues one delivery per recipient (each user who chose its type, by e-mail while
 * e-mail is set up; each enabled webhook that chose it), with its job, in the caller's transaction: a notice about a
 * change exists exactly when the change committed, and nothing is sent before.
 */
@Service
class Notices {

    static final String EMAIL = "email";
    static final String WEBHOOK = "webhook";

    private final NotificationStore store;
    private final UserAccounts users;
    private final Channels channels;
    private final SchedulerClient scheduler;
    private final Clock clock;

    Notices(NotificationStore store, UserAccounts users, Channels channels, SchedulerClient scheduler, Clock clock) {
        this.store = store;
        this.users = users;
        this.channels = channels;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Whether anyone would receive a notice of this type (digests are composed only then). */
    boolean anyRecipient(UUID tenantId, NoticeType type) {
        return (channels.mailConfigured() && !store.subscribers(tenantId, type).isEmpty())
                || store.webhooks(tenantId).stream()
                        .anyMatch(w -> w.enabled() && w.events().contains(type));
    }

    @Transactional
    UUID publish(UUID tenantId, Notice notice) {
        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        store.insertEvent(eventId, tenantId, notice, now);
        NoticeType type = notice.kind();
        if (channels.mailConfigured()) {
            for (UUID userId : store.subscribers(tenantId, type)) {
                if (users.get(tenantId, userId).enabled()) {
                    queue(tenantId, eventId, EMAIL, userId, now);
                }
            }
        }
        for (NotificationStore.Webhook w : store.webhooks(tenantId)) {
            if (w.enabled() && w.events().contains(type)) {
                queue(tenantId, eventId, WEBHOOK, w.id(), now);
            }
        }
        return eventId;
    }

    private void queue(UUID tenantId, UUID eventId, String channel, UUID targetId, Instant now) {
        UUID id = UUID.randomUUID();
        store.insertDelivery(id, tenantId, eventId, channel, targetId, now);
        scheduler.schedule(NotificationJobs.DELIVERY
                .instance(id.toString())
                .data(tenantId.toString())
                .scheduledTo(JobTime.now()));
    }
}
