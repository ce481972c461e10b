/**
 * The connector SPI: the only place that knows a PSA's wire format is an implementation of {@link
 * com.trueup.psa.connector.PsaConnector} in a sub-package of {@code com.trueup.psa} (one per PSA). Connectors are
 * stateless Spring beans; everything about one connection comes in the {@link
 * com.trueup.psa.connector.ConnectorContext}. Rules every connector keeps:
 * <ul>
 * <li>Every failure is a {@link com.trueup.psa.PsaException}: RETRYABLE (429 — with Retry-After —, 5xx, connect
 * failures; nothing was written), PERMANENT (4xx, with the PSA's own message), UNKNOWN_OUTCOME (timeout or broken
 * connection after a write was sent).</li>
 * <li>Writes set an absolute target: delta-based PSAs read the current units first, and a target already reached is
 * answered without writing. So re-asking after UNKNOWN_OUTCOME never doubles a change.</li>
 * <li>Quantities reaching an integer-only PSA are whole numbers; a fraction is refused, not rounded silently.</li>
 * </ul>
 */
package com.trueup.psa.connector;
