package com.trueup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

class StaticResourceLinksIT extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void onlyStaticFilesAreRewrittenAndTheFilterReplacesTheDefaultOne() {
        List<Object> encoding = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .map(r -> (Object) r.getFilter())
                .filter(f -> f instanceof ResourceUrlEncodingFilter)
                .toList();
        assertThat(encoding).hasSize(1);
        assertThat(encoding.get(0)).isInstanceOf(StaticResourceLinks.StaticFilesOnly.class);

        var t = tenants.create();
        var ui = new BrowserSession(baseUrl());
        ui.login(t.approver().email(), TestTenants.PASSWORD);
        String page = ui.get("/reconcile").body();
        // a webjar still gets its versioned path; pages, actions and the app's own files keep theirs
        assertThat(page)
                .containsPattern("src=\"/webjars/htmx\\.org/[0-9][^\"/]*/dist/htmx\\.min\\.js\"")
                .contains("href=\"/css/app.css\"")
                .contains("src=\"/js/reconciliation.js\"")
                .contains("href=\"/mapping\"")
                .contains("href=\"/write-backs\"")
                .contains("action=\"/logout\"");
    }
}
