/** Outbox of approved quantity changes and their safe delivery to the PSA. */
package com.trueup.writeback;
