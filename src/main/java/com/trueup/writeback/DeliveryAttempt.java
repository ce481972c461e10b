package com.trueup.writeback;

import java.math.BigDecimal;
import java.time.Instant;

/** One delivery attempt as logged: outcome written, failed, conflict or retry. */
record DeliveryAttempt(
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        BigDecimal psaQuantityBefore,
        String message) {}
