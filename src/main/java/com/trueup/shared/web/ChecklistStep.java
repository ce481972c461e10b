package com.trueup.shared.web;

import com.trueup.shared.SetupStep;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** One step of the getting-started checklist as pages show it (public accessors: for templates). */
public record ChecklistStep(String title, String hint, String href, boolean done) {

    /** The organisation's checklist in order; a step whose check fails shows as not done rather than failing the page. */
    public static List<ChecklistStep> of(List<SetupStep> steps, UUID tenantId) {
        return steps.stream()
                .sorted(Comparator.comparingInt(SetupStep::order))
                .map(s -> new ChecklistStep(s.title(), s.hint(), s.href(), done(s, tenantId)))
                .toList();
    }

    private static boolean done(SetupStep step, UUID tenantId) {
        try {
            return step.done(tenantId);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
