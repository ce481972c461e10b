package com.trueup.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticResourceLinksTest {

    @Test
    void staticFilesAndWebjarsAreResolvedPagesAndActionsAreNot() {
        assertThat(StaticResourceLinks.looksLikeFile("/css/app.css")).isTrue();
        assertThat(StaticResourceLinks.looksLikeFile("/js/reconciliation.js")).isTrue();
        assertThat(StaticResourceLinks.looksLikeFile("/webjars/htmx.org/dist/htmx.min.js"))
                .isTrue();
        assertThat(StaticResourceLinks.looksLikeFile("/img/favicon.svg?v=2#x")).isTrue();
        assertThat(StaticResourceLinks.looksLikeFile("/reconcile/export.csv?period=2026-07"))
                .isTrue();

        assertThat(StaticResourceLinks.looksLikeFile("/")).isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("")).isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/reconcile")).isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/reconcile/lines/7b0c1f6e-1d2a-4c55-9d0e-0c7f2b9a1e11/approve"))
                .isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/reconcile?period=2026-07&client=acme.com"))
                .isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/settings#tokens.new")).isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/v1.2/things")).isFalse();
        assertThat(StaticResourceLinks.looksLikeFile("/things.")).isFalse();
    }
}
