package com.trueup.integration;

/** A vendor account on the integration page, with its mapping (public accessors: for templates). */
record AccountRow(String id, String name, String description, MappingLookup.MappingSummary mapping) {}
