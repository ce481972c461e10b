package com.trueup.psa.connector;

import com.trueup.psa.ConnectorCapabilities;
import com.trueup.psa.PsaWriter.WriteResult;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One PSA's wire protocol. See the package documentation for the rules every implementation keeps. */
public interface PsaConnector {

    /** The connection type this connector serves: sandbox, connectwise, autotask, halopsa, ... */
    String type();

    ConnectorCapabilities capabilities();

    /** Calls the PSA with the connection's credentials; returns a short human message on success. */
    String testConnection(ConnectorContext context);

    /** Reads companies, catalog, recurring contracts and their lines (all pages) into the sink. */
    void readSnapshot(ConnectorContext context, SnapshotSink sink);

    /** The line's current quantity in the PSA, or null when the PSA no longer has the line. */
    BigDecimal readQuantity(ConnectorContext context, LineRef line);

    /** Sets the line's quantity to {@code target} from {@code effectiveDate}. */
    WriteResult setQuantity(ConnectorContext context, LineRef line, BigDecimal target, LocalDate effectiveDate,
                            String idempotencyKey);

    /**
     * Creates a recurring line of {@code product} in the company's billable recurring contract
     * ({@code contractExternalId}, or the connector picks the company's recurring contract when null).
     */
    WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
                           RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey);
}
