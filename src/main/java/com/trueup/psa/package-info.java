/** PSA connections: the connector SPI, one sub-package per PSA, and TrueUp's snapshot of companies, catalog and recurring lines. */
package com.trueup.psa;
