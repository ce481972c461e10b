package com.trueup.psa.connector;

/**
 * How a PSA takes a new quantity: ABSOLUTE (the line's new quantity) or DELTA (a change to add to the quantity in force
 * on the effective date; TrueUp reads that quantity first and sends target − current, nothing when it is 0).
 */
public enum WriteStyle {
    ABSOLUTE,
    DELTA
}
