package com.trueup.psa.connector;

/** The parts of a PSA snapshot; a connector declares which it reads from the PSA's API (the rest come from files). */
public enum SnapshotPart {
    COMPANIES,
    PRODUCTS,
    CONTRACTS,
    LINES
}
