/** Billing periods, the quantity engine and reconciliation lines with approve, adjust and dismiss. */
package com.trueup.reconciliation;
