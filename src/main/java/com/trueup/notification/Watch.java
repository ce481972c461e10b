package com.trueup.notification;

import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.shared.TenantCalendar;
import com.trueup.tenant.Organisations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recurring watch, per organisation, on the injected clock in the organisation's zone: the daily digest (covering
 * yesterday) once the digest time has passed, the weekly digest (the seven days before) on its weekday, each once per
 * day (a mark moved with a compare-and-set); and every connected vendor integration that has sent nothing for the
 * organisation's number of silent days, once per silence.
 */
@Component
class Watch {

    private static final Logger log = LoggerFactory.getLogger(Watch.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private final Organisations organisations;
    private final NotificationStore store;
    private final Notices notices;
    private final Digests digests;
    private final VendorDirectory vendor;
    private final TenantCalendar calendar;
    private final Clock clock;

    Watch(
            Organisations organisations,
            NotificationStore store,
            Notices notices,
            Digests digests,
            VendorDirectory vendor,
            TenantCalendar calendar,
            Clock clock) {
        this.organisations = organisations;
        this.store = store;
        this.notices = notices;
        this.digests = digests;
        this.vendor = vendor;
        this.calendar = calendar;
        this.clock = clock;
    }

    void run() {
        for (UUID tenantId : organisations.allIds()) {
            try {
                run(tenantId);
            } catch (RuntimeException e) {
                log.warn("Notification watch failed for tenant {}: {}", tenantId, e.toString());
            }
        }
    }

    void run(UUID tenantId) {
        NotificationStore.Settings settings = store.settings(tenantId);
        ZonedDateTime now = calendar.now(tenantId);
        LocalDate today = now.toLocalDate();
        if (!now.toLocalTime().isBefore(settings.digestTime())) {
            digest(tenantId, NoticeType.DIGEST_DAILY, today, today.minusDays(1));
            if (today.getDayOfWeek() == settings.weeklyDigestDay()) {
                digest(tenantId, NoticeType.DIGEST_WEEKLY, today, today.minusDays(7));
            }
        }
        silentVendors(tenantId, now.getZone(), settings.vendorSilentDays());
    }

    private void digest(UUID tenantId, NoticeType type, LocalDate today, LocalDate from) {
        String key = type.wire();
        String last = store.mark(tenantId, key).orElse(null);
        if (last != null && !LocalDate.parse(last).isBefore(today) || !notices.anyRecipient(tenantId, type)) {
            return;
        }
        if (store.moveMark(tenantId, key, last, today.toString())) {
            notices.publish(tenantId, digests.compose(tenantId, type, from, today.minusDays(1)));
        }
    }

    private void silentVendors(UUID tenantId, ZoneId zone, int days) {
        Instant now = clock.instant();
        for (VendorIntegration i : vendor.integrations(tenantId)) {
            Instant last = i.lastSyncedAt();
            if (!i.connected() || last == null || Duration.between(last, now).compareTo(Duration.ofDays(days)) < 0) {
                continue;
            }
            String key = "silent:" + i.id();
            String marked = store.mark(tenantId, key).orElse(null);
            if (last.toString().equals(marked) || !store.moveMark(tenantId, key, marked, last.toString())) {
                continue;
            }
            long silentDays = Duration.between(last, now).toDays();
            notices.publish(
                    tenantId,
                    new Notice(
                            NoticeType.VENDOR_SILENT.wire(),
                            i.name() + " has sent nothing for " + silentDays + " days",
                            "The last data from " + i.name() + " arrived on " + WHEN.format(last.atZone(zone)) + " ("
                                    + zone.getId()
                                    + "). Counts since then are missing: quantities carry the last count "
                                    + "forward. Check the vendor's side of the integration.",
                            java.util.List.of(
                                    new Notice.Fact("Integration", i.name()),
                                    new Notice.Fact("Status", i.status()),
                                    new Notice.Fact("Silent for", silentDays + " days")),
                            java.util.List.of(),
                            "/integrations/" + i.id(),
                            Map.of("integrationId", i.id(), "lastSyncedAt", last.toString(), "silentDays", silentDays),
                            now));
        }
    }
}
