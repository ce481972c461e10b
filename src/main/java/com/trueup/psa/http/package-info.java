/**
 * HTTP plumbing shared by the PSA connectors (ConnectWise, Autotask, HaloPSA). Internal to the psa module; only the
 * connector packages use it. What always holds:
 * <ul>
 * <li>Every failure leaves here as a {@link com.trueup.psa.PsaException}: 429, 5xx, 408 and connection failures are
 * RETRYABLE (with the PSA's Retry-After, seconds or HTTP date); other 4xx are PERMANENT with the PSA's own message;
 * a timeout or broken connection after a write was sent is UNKNOWN_OUTCOME.</li>
 * <li>Reads are retried with bounded exponential backoff, honouring Retry-After (a wait longer than the configured
 * maximum is not slept: the failure goes back to the caller, who retries later).</li>
 * <li>Writes are sent once. {@link com.trueup.psa.http.WriteGuard} decides whether to send again, and only after
 * re-reading the line shows that the target was not reached: a delta-based write is never applied twice.</li>
 * <li>JSON numbers are read as {@link java.math.BigDecimal}, never as double.</li>
 * <li>Credentials travel only in request headers or token requests; they are never logged nor put in messages.
 * Redirects are not followed, so credentials never leave for another host.</li>
 * </ul>
 */
package com.trueup.psa.http;
