package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which count paths the fast path answers itself; all others go through the usual filters and the firewall. */
class CountFastPathTest {

    @Test
    void takesOnlyPlainServiceIds() {
        assertThat(VendorApiSecurity.CountFastPath.plainCountServiceId("/api/vendor-api/service/65a1-b_2.c~d/count"))
                .isEqualTo("65a1-b_2.c~d");
        assertThat(VendorApiSecurity.CountFastPath.plainCountServiceId("/api/vendor-api/service/X/count")).isEqualTo("X");
    }

    @Test
    void leavesEverythingElseToTheUsualWay() {
        for (String path : new String[] {
                "/api/vendor-api/service//count",
                "/api/vendor-api/service/count",
                "/api/vendor-api/service/a%2Fb/count",
                "/api/vendor-api/service/a/b/count",
                "/api/vendor-api/service/a;x=1/count",
                "/api/vendor-api/service/a/count/",
                "/api/vendor-api/service/a/counts",
                "/api/vendor-api/service/é/count",
                "/api/vendor-api/services/a/count",
                "/other/api/vendor-api/service/a/count"}) {
            assertThat(VendorApiSecurity.CountFastPath.plainCountServiceId(path)).as(path).isNull();
        }
    }
}
