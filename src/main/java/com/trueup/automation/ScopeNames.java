package com.trueup.automation;

import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.psa.PsaSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The integrations, vendor services and PSA companies a rule's scope can name, with their names. */
@Component
class ScopeNames {

    private final VendorDirectory vendor;
    private final PsaSnapshot psa;

    ScopeNames(VendorDirectory vendor, PsaSnapshot psa) {
        this.vendor = vendor;
        this.psa = psa;
    }

    /** A scope a person can pick: {@code value} is kind:id ("all" for all lines). */
    record Choice(String value, String label) {}

    /** Every scope of the organisation, by value, in the order a person picks from. */
    Map<String, String> choices(UUID tenantId) {
        Map<String, String> choices = new LinkedHashMap<>();
        choices.put("all", "All lines");
        List<VendorIntegration> integrations = vendor.integrations(tenantId);
        for (VendorIntegration i : integrations) {
            choices.put("integration:" + i.id(), "Integration: " + i.name());
        }
        for (VendorIntegration i : integrations) {
            for (VendorService s : vendor.services(tenantId, i.id())) {
                choices.put(
                        "service:" + s.id(),
                        "Vendor service: " + s.name() + (integrations.size() > 1 ? " (" + i.name() + ")" : ""));
            }
        }
        psa.primaryConnection(tenantId)
                .ifPresent(c -> psa.companies(tenantId, c.id()).stream()
                        .sorted(java.util.Comparator.comparing(x -> x.name() == null ? "" : x.name()))
                        .forEach(x -> choices.put("company:" + x.id(), "PSA company: " + x.name())));
        return choices;
    }

    static String value(Scope scope) {
        return scope.kind() == Scope.Kind.ALL ? "all" : scope.kind().wire() + ":" + scope.id();
    }

    /** The scope in words; a scope whose item is gone says so. */
    static String label(Scope scope, Map<String, String> choices) {
        String label = choices.get(value(scope));
        return label != null ? label : scope.kind().wire() + " " + scope.id() + " (no longer there)";
    }

    List<Choice> list(UUID tenantId) {
        List<Choice> list = new ArrayList<>();
        choices(tenantId).forEach((value, label) -> list.add(new Choice(value, label)));
        return list;
    }
}
