package com.trueup.psa.connector.http;

import java.util.function.Supplier;

/** Keeps a PSA's traffic within its limits (concurrent requests, request budgets) around every single request. */
public interface RequestGate {

    RequestGate OPEN = new RequestGate() {
        @Override
        public <T> T pass(PsaRequest request, Supplier<T> send) {
            return send.get();
        }
    };

    /** Sends the request when the limits allow it, or throws a RETRYABLE ConnectorException without sending. */
    <T> T pass(PsaRequest request, Supplier<T> send);
}
