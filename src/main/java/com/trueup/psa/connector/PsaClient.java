package com.trueup.psa.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One connection's PSA for one operation (a sync, a test, a write-back), opened by {@link PsaConnector#open}. It maps
 * TrueUp's requests to the PSA's wire format and back, and nothing more: TrueUp decides when to read first, computes
 * deltas, checks whole quantities and re-reads after a failure. Every failure is a {@link ConnectorException}. The
 * writing methods are optional: a connector whose descriptor does not declare them keeps the refusing defaults.
 */
public interface PsaClient {

    /** Calls the PSA with the connection's credentials; returns a short message saying what was reached. */
    String testConnection();

    /** Reads the parts the descriptor declares (all pages) into the sink. */
    void readSnapshot(SnapshotSink sink);

    /**
     * The line's quantity in force on {@code date}, or empty when the PSA no longer has the line (deleted, ended,
     * cancelled). PSAs without dated quantities answer the current quantity.
     */
    default Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
        throw ConnectorException.permanent("this PSA's API does not tell a line's quantity");
    }

    /** Sends one quantity write (see {@link QuantityChange}) and answers what the PSA said. Sent once; never repeated here. */
    default WriteResult writeQuantity(LineRef line, QuantityChange change) {
        throw ConnectorException.permanent("this PSA's API does not let TrueUp change a line's quantity");
    }

    /** The contract a new line of the company goes into when TrueUp's snapshot names none. */
    default String contractForNewLine(String companyExternalId) {
        throw ConnectorException.permanent("company " + companyExternalId + " has no contract to add the line to");
    }

    /** The PSA id of the active line of {@code line.product()} in {@code line.contractExternalId()}, if there is one. */
    default Optional<String> findLine(NewLine line) {
        throw ConnectorException.permanent("this PSA's API does not let TrueUp look for a line");
    }

    /** Sends one create of the line and answers what the PSA said. Sent once; never repeated here. */
    default WriteResult createLine(NewLine line) {
        throw ConnectorException.permanent("this PSA's API does not let TrueUp add lines");
    }
}
