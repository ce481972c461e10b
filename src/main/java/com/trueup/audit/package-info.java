/**
 * Append-only audit log: who did what, when, in which organisation. Other modules call
 * {@link com.trueup.audit.AuditLog#record}; nothing ever updates or deletes an entry.
 */
package com.trueup.audit;
