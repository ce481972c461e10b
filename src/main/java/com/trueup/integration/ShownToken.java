package com.trueup.integration;

/** A freshly issued vendor API token as the integration page shows it, once (public accessors: for templates). */
record ShownToken(String token, String vendorKey, String partnerKey, String baseUrl) {}
