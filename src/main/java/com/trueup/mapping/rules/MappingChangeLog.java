package com.trueup.mapping.rules;

import com.trueup.audit.AuditLog;
import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.MappingEvents;
import com.trueup.psa.PsaProduct;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** How a mapping change is told: an audit entry in the mapping module's words, and {@link MappingEvents.MappingsChanged}. */
@Component
class MappingChangeLog {

    /** The actor of automatic changes in the audit log. */
    static final String SYSTEM = "system";

    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    MappingChangeLog(AuditLog audit, ApplicationEventPublisher events) {
        this.audit = audit;
        this.events = events;
    }

    void record(UUID tenantId, String actor, String action, String subject, String detail) {
        audit.record(tenantId, actor, action, subject, detail);
    }

    void changed(UUID tenantId, UUID integrationId) {
        events.publishEvent(new MappingEvents.MappingsChanged(tenantId, integrationId));
    }

    static String subject(VendorIntegration integration, VendorAccount account) {
        return integration.name() + " / account " + account.name() + " (" + account.externalId() + ")";
    }

    static String subject(VendorIntegration integration, VendorService service) {
        return integration.name() + " / service " + service.name() + " (" + service.externalId() + ")";
    }

    static String describe(List<PsaProduct> products) {
        return products.stream()
                .map(p -> "'" + p.name() + "'"
                        + (p.identifier() == null || p.identifier().isBlank() ? "" : " (" + p.identifier() + ")"))
                .collect(Collectors.joining(", "));
    }
}
