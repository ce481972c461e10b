package com.trueup.psa.connector;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One quantity write, as the connector sends it. {@code target} is the absolute quantity the line must hold;
 * {@code current} what the line held when TrueUp last read it (null when not read: absolute PSAs need not know);
 * {@code delta} = target − current, set only for PSAs whose descriptor declares {@link WriteStyle#DELTA}.
 * {@code idempotencyKey} is stable across every attempt of the same approval.
 */
public record QuantityChange(
        BigDecimal target, BigDecimal current, BigDecimal delta, LocalDate effectiveDate, String idempotencyKey) {}
