package com.trueup.psa.http;

import java.util.function.Supplier;

/** Lets a PSA limit its own traffic (concurrent requests, hourly budget) around every single request. */
public interface RequestGate {

    RequestGate OPEN = new RequestGate() {
        @Override
        public <T> T pass(Supplier<T> request) {
            return request.get();
        }
    };

    /** Runs {@code request} when the PSA's limits allow it, or throws a RETRYABLE PsaException without sending. */
    <T> T pass(Supplier<T> request);
}
