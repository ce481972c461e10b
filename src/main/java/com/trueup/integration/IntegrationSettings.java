package com.trueup.integration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Vendor integrations: tokens, look-up caches, count ingestion and bulk imports ({@code trueup.vendor.*},
 * docs/vendor.md). The Vendor API's request limits (body size, rate, counting in the filter) are read by
 * VendorApiSecurity.
 *
 * @param tokenCache how long a token look-up is reused (this instance evicts at once on regenerate or disconnect;
 *        writes always check the token again)
 * @param tokenCacheSize token look-ups kept; the least used beyond it are read again
 * @param idCacheSize vendor account ids and vendor service ids kept each (they never change, so they never expire)
 * @param zoneCacheSize organisations' time zones kept, which place counts on the organisation's day
 * @param zoneCacheExpiry how long an organisation's time zone is reused: a changed zone applies to counts arriving after
 *        that
 * @param ingest count ingestion: writer threads and batching
 * @param bulk bulk usage imports
 */
@Validated
@ConfigurationProperties("trueup.vendor")
record IntegrationSettings(
        @DefaultValue("1s") @DurationMin(millis = 0) Duration tokenCache,
        @DefaultValue("50000") @Min(0) long tokenCacheSize,
        @DefaultValue("500000") @Min(0) long idCacheSize,
        @DefaultValue("100000") @Min(0) long zoneCacheSize,
        @DefaultValue("1m") @DurationMin(millis = 0) Duration zoneCacheExpiry,
        @DefaultValue @Valid Ingest ingest,
        @DefaultValue @Valid Bulk bulk) {

    /**
     * Count ingestion: counts wait in a queue for the writer threads, which store them in batches.
     *
     * @param threads count writers
     * @param maxBatch counts per transaction at most
     * @param queue counts waiting at most (503 with Retry-After when full)
     * @param linger while counts stream in, how long the oldest waiting count may wait for a batch smaller than
     *        full-batch to fill (0ms: never)
     * @param fullBatch waiting counts that are written at once without lingering
     */
    record Ingest(
            @DefaultValue("2") @Min(1) int threads,
            @DefaultValue("500") @Min(1) int maxBatch,
            @DefaultValue("20000") @Min(1) int queue,
            @DefaultValue("4ms") @DurationMin(millis = 0) Duration linger,
            @DefaultValue("16") @Min(1) int fullBatch) {}

    /**
     * Bulk usage imports.
     *
     * @param maxRecords records per bulk request or CSV file
     */
    record Bulk(@DefaultValue("1000000") @Min(1) int maxRecords) {}
}
