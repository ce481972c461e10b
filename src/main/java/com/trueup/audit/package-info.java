/**
 * Append-only audit log: who did what, when, in which organisation. Other modules call
 * {@link com.trueup.audit.AuditLog#record}; nothing ever updates or deletes an entry.
 * Every entry is also published as {@link com.trueup.audit.AuditLog.Recorded} in the writer's transaction.
 */
package com.trueup.audit;
