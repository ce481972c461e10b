package com.trueup.reconciliation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When rebuilds run after changes ({@code trueup.reconciliation.*}, docs/reconciliation.md).
 *
 * @param debounce a rebuild runs this long after the last change, so a burst of changes is handled by one run
 * @param maxWait while changes keep arriving (a vendor streaming counts), a rebuild still runs at the latest this long
 *        after the first change it handles (never less than debounce)
 * @param rebuildCacheRows rows (stored lines, usage series, PSA lines) this node keeps from rebuilds so the next one
 *        reads only what changed ({@link RebuildInputs}); about 400 bytes each; 0 keeps nothing
 */
@Validated
@ConfigurationProperties("trueup.reconciliation")
record ReconciliationSettings(
        @DefaultValue("2s") @DurationMin(millis = 0) Duration debounce,
        @DefaultValue("30s") @DurationMin(millis = 0) Duration maxWait,
        @DefaultValue("400000") @Min(0) int rebuildCacheRows) {}
