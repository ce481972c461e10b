/** Account and service mappings between a vendor integration and the PSA: auto-match, exclusions, bundles. */
package com.trueup.mapping;
