package com.trueup.reconciliation;

import com.trueup.mapping.FakeMappings;
import com.trueup.psa.FakePsaSnapshot;
import com.trueup.writeback.FakeWriteBacks;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The PSA snapshot, mappings and write-back outbox in memory, so reconciliation's own storage, jobs, API and page are
 * tested on both databases with exact inputs and a record of every queued write-back. The end-to-end tests with the
 * real modules are in {@code ReconciliationEndToEndIT}.
 */
@TestConfiguration(proxyBeanMethods = false)
class FakePsaAndMappings {

    @Bean
    @Primary
    FakePsaSnapshot fakePsaSnapshot() {
        return new FakePsaSnapshot();
    }

    @Bean
    @Primary
    FakeMappings fakeMappings() {
        return new FakeMappings();
    }

    @Bean
    @Primary
    FakeWriteBacks fakeWriteBacks() {
        return new FakeWriteBacks();
    }
}
