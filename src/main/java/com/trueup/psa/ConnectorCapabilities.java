package com.trueup.psa;

/**
 * What a PSA connector can do. {@code integerQuantitiesOnly}: quantities must be written as whole numbers;
 * {@code canUpdateQuantities}/{@code canCreateLines}: which writes the PSA's API supports (a read-only connector
 * says so here instead of failing later); {@code requestsPerHour}: the PSA's documented budget, 0 if unknown.
 */
public record ConnectorCapabilities(boolean integerQuantitiesOnly, boolean supportsProration, boolean canUpdateQuantities,
                                    boolean canCreateLines, int requestsPerHour) {
}
