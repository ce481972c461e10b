package com.trueup.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query parameters a page cannot use answer 400 with the error page naming the parameter; a refused form names its field. */
class PageInputIT extends IntegrationTest {

    @Test
    void aQueryParameterAPageCannotUseIs400NamingIt() {
        var t = tenants.create();
        var session = new BrowserSession(baseUrl());
        session.login(t.approver().email(), TestTenants.PASSWORD);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/reconcile?integrationId=nope", "integrationId");
        bad.put("/reconcile?page=-1", "page");
        bad.put("/reconcile?size=501", "size");
        bad.put("/reconcile?period=2026-13", "period");
        bad.put("/reconcile?sort=price", "sort");
        bad.put("/reconcile/export.csv?group=vendor", "group");
        bad.put("/insights?months=99", "months");
        bad.put("/insights?months=six", "months");
        bad.put("/insights?clientSort=profit", "clientSort");
        bad.put("/write-backs?status=to_aply", "status");
        bad.put("/write-backs/table?connectionId=nope", "connectionId");
        bad.put("/audit?from=yesterday", "from");
        bad.put("/mapping?step=rules", "step");
        bad.put("/mapping?integration=nope", "integration");
        bad.forEach((path, field) -> {
            var page = session.get(path, Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
            assertThat(page.status()).as(path).isEqualTo(400);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.body())
                    .as(path)
                    .contains("data-field=\"" + field + "\"")
                    .contains(field)
                    .contains("Open the page without these choices");
        });
        assertThat(session.get("/reconcile?page=0&size=500").status()).isEqualTo(200);
        assertThat(session.get("/insights?months=24").status()).isEqualTo(200);
        assertThat(session.get("/audit?from=2026-07-01").status()).isEqualTo(200);
    }

    @Test
    void aRefusedRuleFormShowsTheErrorUnderItsField() {
        var t = tenants.create();
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Small changes");
        form.put("scope", "all");
        form.put("direction", "both");
        form.put("maxUnits", "lots");
        form.put("trigger", "after-rebuild");
        form.put("period", "current");
        assertThat(admin.submit("/settings/automation", "/settings/automation/rules", form)
                        .status())
                .isEqualTo(302);
        String page = admin.get("/settings/automation").body();
        assertThat(page)
                .contains("class=\"field invalid\"")
                .contains("id=\"rule-units-error\"")
                .contains("maxUnits must be a number (got &#39;lots&#39;)")
                .contains("value=\"lots\"");
    }
}
