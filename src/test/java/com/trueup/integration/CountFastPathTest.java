package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Which paths the count fast path answers: every count path, whatever its service id; nothing else. */
class CountFastPathTest {

    @Test
    void takesEveryCountPathWithTheServiceIdAsSent() {
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/65a1-b_2.c~d/count"))
                .isEqualTo("65a1-b_2.c~d");
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/X/count"))
                .isEqualTo("X");
        // the firewall, not the path match, refuses what must not pass
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/no%20such/count"))
                .isEqualTo("no%20such");
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/a%2Fb/count"))
                .isEqualTo("a%2Fb");
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/a;x=1/count"))
                .isEqualTo("a;x=1");
        assertThat(CountFastPath.serviceIdSegment("/api/vendor-api/service/é/count"))
                .isEqualTo("é");
    }

    @Test
    void leavesEveryOtherPathToTheUsualWay() {
        for (String path : new String[] {
            "",
            "/api/vendor-api/service//count",
            "/api/vendor-api/service/count",
            "/api/vendor-api/service/a/b/count",
            "/api/vendor-api/service/a/count/",
            "/api/vendor-api/service/a/counts",
            "/api/vendor-api/services/a/count",
            "/other/api/vendor-api/service/a/count"
        }) {
            assertThat(CountFastPath.serviceIdSegment(path)).as(path).isNull();
        }
    }

    @Test
    void readsTheQueryStringOnlyAndNamesTheParameterOfABrokenEscape() {
        assertThat(CountFastPath.query("no_build=true&date=2026-01-31&date=2026-02-01&flag"))
                .containsEntry("no_build", "true")
                .containsEntry("date", "2026-01-31")
                .containsEntry("flag", "");
        assertThat(CountFastPath.query(null)).isEmpty();
        assertThatThrownBy(() -> CountFastPath.query("date=%zz"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("date"));
    }
}
