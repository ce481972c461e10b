package com.trueup.integration;

/** A vendor service on the integration page, with its counting mode and mapping (public accessors: for templates). */
record ServiceRow(
        String id,
        String name,
        String category,
        String subcategory,
        CountingMode countingMode,
        MappingLookup.MappingSummary mapping) {}
