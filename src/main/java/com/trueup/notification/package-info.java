/**
 * Notifications: digests and alerts by e-mail (an SMTP server) and by webhook (Slack, Microsoft Teams, generic signed
 * JSON); Settings → Notifications and {@code /api/v1/notifications}.
 *
 * <h2>Invariants</h2>
 * <ol>
 * <li><b>Never in the way.</b> A notice is stored with one delivery per recipient and its job in the transaction of
 *     what it reports (listeners only store and schedule); talking to mail servers and webhooks happens in those jobs,
 *     at most {@code trueup.notifications.max-concurrent-deliveries} at once per instance, with bounded timeouts, so a
 *     slow or failing receiver never holds up reconciliation, write-backs or syncs.</li>
 * <li><b>Retried with backoff, then failed.</b> A retryable failure (network, timeout, HTTP 408/429/5xx, SMTP refusal)
 *     is tried again with exponential, jittered backoff (never sooner than a Retry-After) up to
 *     {@code trueup.notifications.max-attempts}; a permanent one (HTTP 4xx, a bad address) fails at once. Every
 *     delivery keeps its status, attempts and last error.</li>
 * <li><b>Who gets what.</b> Each user chooses the e-mails they receive (nothing until they choose); each webhook its
 *     events. Digests and alerts go out once: each is claimed with a compare-and-set mark (a digest per day, a silent
 *     vendor per silence, no usage per month).</li>
 * <li><b>Digest figures are the Reconcile page's</b> ({@link com.trueup.reconciliation.ReconciliationSummaries}); a month
 *     without any usage is reported as such, never as all clean.</li>
 * <li><b>Secrets.</b> Webhook URLs (Slack's and Teams' carry their token) are shown only as scheme and host after saving
 *     and never logged or put in an error message; a generic webhook's signing secret is shown once. Redirects are not
 *     followed.</li>
 * <li>Time from the injected clock, digests in the organisation's zone; every query is scoped by {@code tenant_id}.</li>
 * </ol>
 */
package com.trueup.notification;
