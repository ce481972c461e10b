/** Vendor integrations: connect flow, tokens, the Gradient-compatible Vendor API and the usage store (daily step function of vendor counts). */
package com.trueup.vendor;
