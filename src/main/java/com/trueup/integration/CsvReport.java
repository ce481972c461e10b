package com.trueup.integration;

import java.util.List;

/** The problems of a refused usage CSV upload, as the integration page lists them (public accessors: for templates). */
record CsvReport(String fileName, int invalid, int total, List<BulkUsageImport.RowError> errors, boolean truncated) {}
