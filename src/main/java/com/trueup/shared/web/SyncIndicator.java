package com.trueup.shared.web;

/**
 * What the sync indicator ({@code fragments :: syncIndicator}, model attribute {@code indicator}) shows: a spinner
 * while a sync runs, a highlighted Refresh once one finished after the page was drawn, else a quiet line. It polls
 * {@code pollUrl} (null: it does not poll) every {@code pollEvery}; {@code outOfBand} swaps it into the page from an
 * htmx answer that targets something else.
 */
public record SyncIndicator(String state, String message, String pollUrl, String pollEvery, boolean outOfBand) {

    private static final String RUNNING = "running";
    private static final String DONE = "done";

    /** A sync runs: polled every 2 seconds until it finishes. */
    public static SyncIndicator running(String message, String pollUrl) {
        return new SyncIndicator(RUNNING, message, pollUrl, "2s", false);
    }

    /** A sync finished since the page was drawn: Refresh shows the new data; nothing more to poll. */
    public static SyncIndicator done(String message) {
        return new SyncIndicator(DONE, message, null, null, false);
    }

    /** Nothing runs; {@code pollUrl} (may be null) is polled every {@code pollEvery} to notice a sync started elsewhere. */
    public static SyncIndicator idle(String message, String pollUrl, String pollEvery) {
        return new SyncIndicator("idle", message, pollUrl, pollEvery, false);
    }

    public SyncIndicator swappedOutOfBand() {
        return new SyncIndicator(state, message, pollUrl, pollEvery, true);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    public boolean done() {
        return DONE.equals(state);
    }
}
