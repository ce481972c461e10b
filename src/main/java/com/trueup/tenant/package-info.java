/**
 * MSP organisations (tenants), their users and roles, sign-in (form, HTTP Basic, personal API tokens).
 * Invariants: an e-mail address belongs to one user across all organisations; every user belongs to exactly
 * one organisation and sees nothing of another; an organisation always keeps at least one enabled admin.
 */
package com.trueup.tenant;
