package com.trueup.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeper connected through its Vendor API: an integration and its token, one Keeper account per name (ids kc-1001,
 * kc-1002, ... in order) and the service Keeper Business ({@link #SERVICE}); mapping and counts through the real API.
 * The scenarios and browser tests that need Keeper's usage against a PSA share it.
 */
public final class KeeperUsage {

    public static final String SERVICE = "svc-biz";

    public final String integrationId;
    private final Http api;
    private final Http vendorApi;
    private final Map<String, String> accountIds = new LinkedHashMap<>();

    /** {@code api}: the tenant's API; {@code anonymous}: a client without credentials (Keeper's side). */
    public KeeperUsage(Http api, Http anonymous, Collection<String> accounts) {
        this.api = api;
        integrationId = api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                .json()
                .get("id")
                .asString();
        String token = api.post("/api/v1/integrations/" + integrationId + "/token", null)
                .json()
                .get("token")
                .asString();
        vendorApi = anonymous.header("GRADIENT-TOKEN", token);
        List<Map<String, String>> listed = new ArrayList<>();
        for (String name : accounts) {
            String id = "kc-" + (1000 + accountIds.size() + 1);
            accountIds.put(name, id);
            listed.add(Map.of("id", id, "name", name));
        }
        var posted = vendorApi.post("/api/vendor-api/organization/accounts", listed);
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        var service = vendorApi.post(
                "/api/vendor-api/organization/services", List.of(Map.of("id", SERVICE, "name", "Keeper Business")));
        assertThat(service.status()).as(service.body()).isEqualTo(201);
    }

    /** Maps the Keeper account named {@code account} to the PSA company {@code psaCompanyId}. */
    public void mapAccount(String account, String psaCompanyId) {
        var mapped = api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/accounts/" + accountIds.get(account),
                Map.of("psaCompanyId", psaCompanyId));
        assertThat(mapped.status()).as(mapped.body()).isBetween(200, 204);
    }

    /** Maps Keeper Business to the PSA product {@code psaProductId}. */
    public void mapService(String psaProductId) {
        var mapped = api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/services/" + SERVICE,
                Map.of("psaProductIds", List.of(psaProductId)));
        assertThat(mapped.status()).as(mapped.body()).isBetween(200, 204);
    }

    /** Keeper posts a count of Keeper Business for the account named {@code account} on {@code day}. */
    public void count(String account, String day, int seats) {
        var r = vendorApi.post(
                "/api/vendor-api/service/" + SERVICE + "/count?date=" + day,
                Map.of("accountId", accountIds.get(account), "unitCount", seats));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
