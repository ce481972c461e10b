package com.trueup.psa.connector;

/** Receives what a connector reads from the PSA during a sync; ids are the PSA's own. */
public interface SnapshotSink {

    void company(RemoteCompany company);

    void product(RemoteProduct product);

    void contract(RemoteContract contract);

    void line(RemoteLine line);
}
