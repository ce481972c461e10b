package com.trueup.integration;

/** How a vendor service turns daily counts into the billing quantity of a period. */
public enum CountingMode {
    /** Mean over all days of the period of the count in force on each day; days before the first count are 0 (Keeper). */
    DAILY_AVERAGE,
    /** The count in force on the last day of the period. */
    LATEST,
    /** The highest count in force on any day of the period. */
    PEAK
}
