package com.trueup.psa.connector;

import java.util.UUID;

/**
 * Optional, for connectors with pages of their own (the Sandbox PSA's editor): a bean of this type adds a link to the
 * page of every connection of {@link #type()}, so the connection pages need no knowledge of particular PSAs.
 */
public interface ConnectorPage {

    String type();

    /** Whether connections of this PSA show the link; by default those of {@link #type()}. */
    default boolean appliesTo(ConnectorDescriptor descriptor) {
        return type().equals(descriptor.type());
    }

    /** The link text, e.g. "Open the Sandbox PSA". */
    String label();

    String href(UUID connectionId);

    /** What to do right after saving a new connection of this PSA, shown with "Connection saved."; null for nothing. */
    default String nextStep(ConnectorDescriptor descriptor) {
        return null;
    }
}
