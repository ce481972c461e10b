package com.trueup.psa.connector;

import java.math.BigDecimal;

/**
 * What the PSA answered to a write: its reference of the written line (or adjustment), the quantity now on the line
 * (null when the answer does not tell; the target is assumed) and a short message for the write-back's history.
 */
public record WriteResult(String reference, BigDecimal quantity, String message) {}
