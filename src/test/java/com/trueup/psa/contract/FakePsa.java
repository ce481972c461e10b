package com.trueup.psa.contract;

import com.trueup.psa.connector.ConnectorContext;
import java.util.Map;
import java.util.Optional;

/**
 * A PSA as a connector test sees it: it holds a {@link PsaWorld} (what the PSA has), gives the connector a connection
 * to itself, and tells the PSA's own ids of the world's items. HTTP PSAs are played by a {@link StubServer}; the
 * Sandbox PSA by its own tables.
 */
public interface FakePsa extends AutoCloseable {

    /** Replaces what the PSA holds. */
    void load(PsaWorld world);

    /** What the PSA holds now (after the connector's writes). */
    PsaWorld world();

    /** Someone deletes the line in the PSA. */
    void deleteLine(String key);

    /** Someone changes the line's quantity in the PSA. */
    void changeQuantity(String key, java.math.BigDecimal quantity);

    /** A connection to this PSA with the given connector settings. */
    ConnectorContext context(Map<String, String> settings);

    /** The PSA's id of a world item ("c1", "p1", "k1", "l1", or a created line's key). */
    String id(String key);

    /** The product code the connector reports for a product (its identifier for mapping). */
    String identifier(PsaWorld.Product product);

    /** False for a PSA without cancelled lines (a line it stops billing is gone): the snapshot then has none. */
    default boolean keepsCancelledLines() {
        return true;
    }

    /**
     * False for a PSA whose API does not tell which companies are billed (no status is documented): the connector then
     * reports every company it lists as billable, and the contract expects exactly that.
     */
    default boolean tellsWhichCompaniesAreBilled() {
        return true;
    }

    /** The HTTP stub playing the PSA; empty for a PSA that is not reached over HTTP. */
    Optional<StubServer> server();

    /** Settings that make every list of the reference world span several pages. */
    Map<String, String> smallPages();

    /** From now on the PSA refuses the credentials with a 401 carrying "credentials rejected by the stub". */
    void rejectCredentials();

    /** The PSA's own error answer with {@code message}. */
    StubServer.Answer error(int status, String message);

    @Override
    default void close() {
        server().ifPresent(StubServer::close);
    }
}
