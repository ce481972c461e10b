package com.trueup.writeback;

/**
 * A write-back with what a person recognises: company, product and PSA line (public methods: for templates).
 * {@code appliesFrom}: for a PSA that takes no effective date, when the change applies instead (else null).
 */
record WriteBackRow(WriteBack w, String company, String product, String psaLine, String pill, String appliesFrom) {

    public boolean retryable() {
        return w.status() == WriteBackStatus.FAILED;
    }

    public boolean conflict() {
        return w.status() == WriteBackStatus.CONFLICT;
    }

    public boolean toApply() {
        return w.status() == WriteBackStatus.TO_APPLY;
    }

    public String label() {
        return w.status().label();
    }

    static String pill(WriteBack w) {
        return switch (w.status()) {
            case WRITTEN, CONFIRMED -> "ok";
            case FAILED -> "bad";
            case CONFLICT -> "warn";
            case APPLIED -> w.flag() != null ? "warn" : "info";
            case TO_APPLY -> "warn";
            case WRITING -> "info";
            case QUEUED -> "neutral";
        };
    }
}
