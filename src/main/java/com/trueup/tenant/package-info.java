/**
 * MSP organisations (tenants), their users and roles, and how people and scripts sign in.
 *
 * <h2>Owns</h2>
 * <ul>
 *   <li>Organisations ({@link com.trueup.tenant.Organisation}: name, time zone, currency) and their time zones for
 *       the rest of the application ({@link com.trueup.tenant.Organisations}, as {@code TenantTimeZones}, which every
 *       module reads through {@code TenantCalendar}).</li>
 *   <li>Users ({@link com.trueup.tenant.UserAccounts}): added, re-roled and disabled by admins, passwords changed by
 *       their owners; the first organisation and admin on an empty database; optional self-service sign-up
 *       ({@code trueup.signup-enabled}).</li>
 *   <li>Sign-in for the browser UI (form login, session, CSRF) and for the REST API under {@code /api/v1} (HTTP Basic
 *       or a personal API token {@code tu_pat_...}, stateless), and the audit entries of sign-ins and sign-outs.</li>
 *   <li>Personal API tokens: shown once on creation, stored only as a SHA-256 hash, revoked at once.</li>
 *   <li>The Settings page and the organisation and user API ({@code /api/v1/me}, users, tokens).</li>
 * </ul>
 *
 * <h2>Does not own</h2>
 * <ul>
 *   <li>The principal and the roles every module checks ({@code CurrentUser}, {@code Role}): {@code shared}.</li>
 *   <li>The Vendor API's authentication (the {@code GRADIENT-TOKEN}): it has its own security chain in the
 *       {@code vendor} module.</li>
 *   <li>The audit log itself: the {@code audit} module; this module only records into it.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>An e-mail address (trimmed, lower case) belongs to one user across all organisations.</li>
 *   <li>Every user belongs to exactly one organisation and sees nothing of another; every query of users and tokens
 *       is scoped by the organisation ({@code tenant_id}).</li>
 *   <li>An organisation always keeps at least one enabled admin: demoting or disabling the last one is refused.</li>
 *   <li>A disabled user cannot sign in, and none of their API tokens authenticates; a revoked or unknown token is a
 *       401, never a fall-through to another way in.</li>
 *   <li>Passwords and tokens are never stored in clear, logged, shown again or put in errors; the generated first
 *       admin password is printed once to the console, not to the log.</li>
 *   <li>User changes (created, role changed, disabled, enabled) are in the audit log.</li>
 * </ul>
 */
package com.trueup.tenant;
