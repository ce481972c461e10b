package com.trueup.psa.connector;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a connector can do, as TrueUp's core uses it: which snapshot parts come from the PSA's API ({@code reads}),
 * whether it reads a line's quantity back, whether it updates lines and in which {@link WriteStyle}, whether it creates
 * lines (new revenue), whether quantities must be whole, whether the PSA honours a write's effective date (when not,
 * {@code effectiveDateNote} says when a change applies instead), the PSA's {@link RateLimits}, and limitations in words
 * for the pages. Build with {@link #builder()}; what is not switched on is off.
 */
public record Capabilities(
        Set<SnapshotPart> reads,
        boolean readsLineQuantities,
        boolean updatesLines,
        WriteStyle writeStyle,
        boolean createsLines,
        boolean wholeQuantitiesOnly,
        boolean honoursEffectiveDate,
        String effectiveDateNote,
        RateLimits rateLimits,
        List<String> limitations) {

    public Capabilities {
        Set<SnapshotPart> ordered = EnumSet.noneOf(SnapshotPart.class);
        ordered.addAll(reads);
        reads = java.util.Collections.unmodifiableSet(ordered);
        limitations = List.copyOf(limitations);
        if (updatesLines && writeStyle == null) {
            throw new IllegalArgumentException("a connector that updates lines declares its write style");
        }
        if (!honoursEffectiveDate
                && (effectiveDateNote == null || effectiveDateNote.isBlank())
                && (updatesLines || createsLines)) {
            throw new IllegalArgumentException("a connector that ignores effective dates says when a change applies");
        }
        if (writeStyle == WriteStyle.DELTA && !readsLineQuantities) {
            throw new IllegalArgumentException("a delta connector must read the quantity it changes");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean readsFromApi(SnapshotPart part) {
        return reads.contains(part);
    }

    /** True when TrueUp can write at least one kind of change through the PSA's API. */
    public boolean writes() {
        return updatesLines || createsLines;
    }

    public static final class Builder {
        private final Set<SnapshotPart> reads = EnumSet.noneOf(SnapshotPart.class);
        private boolean readsLineQuantities;
        private boolean updatesLines;
        private WriteStyle writeStyle;
        private boolean createsLines;
        private boolean wholeQuantitiesOnly;
        private boolean honoursEffectiveDate;
        private String effectiveDateNote;
        private RateLimits rateLimits = RateLimits.NONE;
        private final List<String> limitations = new ArrayList<>();

        private Builder() {}

        /** Reads companies, catalog, contracts and lines with their quantities from the API. */
        public Builder readsEverything() {
            reads.addAll(EnumSet.allOf(SnapshotPart.class));
            readsLineQuantities = true;
            return this;
        }

        public Builder reads(SnapshotPart... parts) {
            reads.addAll(List.of(parts));
            return this;
        }

        public Builder readsLineQuantities() {
            readsLineQuantities = true;
            return this;
        }

        public Builder updatesLines(WriteStyle style) {
            updatesLines = true;
            writeStyle = style;
            return this;
        }

        public Builder createsLines() {
            createsLines = true;
            return this;
        }

        public Builder wholeQuantitiesOnly() {
            wholeQuantitiesOnly = true;
            return this;
        }

        public Builder honoursEffectiveDate() {
            honoursEffectiveDate = true;
            return this;
        }

        /**
         * The PSA takes no effective date; a change applies from {@code appliesFrom} instead, a phrase such as "the
         * schedule's next run" (pages say "applies from the schedule's next run (2024-06-01)").
         */
        public Builder ignoresEffectiveDate(String appliesFrom) {
            honoursEffectiveDate = false;
            effectiveDateNote = appliesFrom;
            return this;
        }

        public Builder rateLimits(RateLimits limits) {
            rateLimits = limits;
            return this;
        }

        public Builder limitation(String sentence) {
            limitations.add(sentence);
            return this;
        }

        public Capabilities build() {
            return new Capabilities(
                    reads,
                    readsLineQuantities,
                    updatesLines,
                    writeStyle,
                    createsLines,
                    wholeQuantitiesOnly,
                    honoursEffectiveDate,
                    effectiveDateNote,
                    rateLimits,
                    limitations);
        }
    }
}
