package com.trueup.automation;

import com.trueup.shared.LineRemarks;
import com.trueup.shared.TenantCalendar;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Why the last live rule run left a line for a person, for the Reconcile page. */
@Component
class HeldLineRemarks implements LineRemarks {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);

    private final AutomationStore store;
    private final TenantCalendar calendar;

    HeldLineRemarks(AutomationStore store, TenantCalendar calendar) {
        this.store = store;
        this.calendar = calendar;
    }

    @Override
    public Map<UUID, String> remarks(UUID tenantId, Collection<UUID> lineIds) {
        Map<UUID, String> remarks = new HashMap<>();
        var zone = calendar.zone(tenantId);
        for (AutomationStore.Hold h : store.holds(tenantId, lineIds)) {
            String when = WHEN.format(h.decidedAt().atZone(zone));
            remarks.put(
                    h.lineId(),
                    h.ruleName() == null
                            ? h.reason() + " (" + when + ")"
                            : "Held back by rule \"" + h.ruleName() + "\" (" + when + "): " + h.reason());
        }
        return remarks;
    }
}
