/**
 * The family of connectors to PSAs that speak JSON over HTTP: {@link com.trueup.psa.connector.http.JsonHttpConnector}
 * (the thin base a connector extends), {@link com.trueup.psa.connector.http.HttpApi} (one operation's access),
 * {@link com.trueup.psa.connector.http.Authenticator}s over the whole request (headers, Basic, bearer tokens issued by the
 * PSA with one renewal on 401, a key in the query string, HMAC-signed requests),
 * {@link com.trueup.psa.connector.http.Paging} strategies and {@link com.trueup.psa.connector.http.RateGates}. What always
 * holds:
 * <ul>
 * <li>Every failure leaves here as a {@link com.trueup.psa.connector.ConnectorException}: 429, 5xx, 408 and connection
 * failures are RETRYABLE (with the PSA's Retry-After, seconds or HTTP date); other 4xx are PERMANENT with the PSA's own
 * message; a timeout or broken connection after a write was sent is UNKNOWN_OUTCOME.</li>
 * <li>Reads are retried with bounded exponential backoff, honouring Retry-After (a wait longer than the configured
 * maximum is not slept: the failure goes back to the caller, who retries later). Writes are sent once.</li>
 * <li>A request over the PSA's budget is refused before it is sent.</li>
 * <li>JSON numbers are read as {@link java.math.BigDecimal}, never as double.</li>
 * <li>Credentials travel only in the requests the authenticator makes; logs and messages describe a request by method
 * and path only. Redirects are not followed, so credentials never leave for another host.</li>
 * </ul>
 * Nothing here depends on TrueUp's core ({@code com.trueup.psa}); connectors depend on this package and the SPI only.
 */
package com.trueup.psa.connector.http;
