package com.trueup.psa.connector;

import java.util.Set;

/**
 * The snapshot parts a connection gets from imported files instead of the PSA's API. A sync asks for the parts its
 * connector does not read ({@link Capabilities#reads()}): all four for a PSA fed by files only, typically the lines for
 * a PSA whose API cannot read quantities. Companies, products and contracts that imported lines name but no imported
 * file of those parts lists are derived from the lines' own columns. Nothing is fed for a connection without imports.
 */
public interface ImportedParts {

    void read(ConnectorContext context, Set<SnapshotPart> parts, SnapshotSink sink);
}
