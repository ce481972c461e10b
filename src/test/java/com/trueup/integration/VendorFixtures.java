package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.TestTenants.TestTenant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/** Builders for vendor integration tests: connected integrations, Vendor API clients, field-set checks. */
final class VendorFixtures {

    private VendorFixtures() {}

    /** A connected integration of a test organisation and its freshly issued token. */
    record Connected(TestTenant tenant, UUID id, String token, String vendorKey, String partnerKey) {

        /** The Vendor API as this integration's vendor. */
        Http vendor() {
            return new Http(tenant.baseUrl()).header("GRADIENT-TOKEN", token);
        }

        String path(String suffix) {
            return "/api/v1/integrations/" + id + suffix;
        }
    }

    static Connected connect(TestTenant t, String vendor, String name) {
        Http.Response created = t.api()
                .post(
                        "/api/v1/integrations",
                        name == null ? Map.of("vendor", vendor) : Map.of("vendor", vendor, "name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        return issue(t, id);
    }

    static Connected issue(TestTenant t, UUID id) {
        Http.Response token = t.api().send("POST", "/api/v1/integrations/" + id + "/token", null, null);
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        JsonNode json = token.json();
        return new Connected(
                t,
                id,
                json.get("token").asString(),
                json.get("vendorKey").asString(),
                json.get("partnerKey").asString());
    }

    static Connected keeper(TestTenant t) {
        return connect(t, "keeper", null);
    }

    /** One record of the bulk usage API. */
    static Map<String, Object> usageRecord(String account, String service, String date, Object quantity) {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("accountId", account);
        r.put("serviceId", service);
        r.put("date", date);
        r.put("quantity", quantity);
        return r;
    }

    /** The vendor ids kc-0 ... kc-(n-1), for organisations of many accounts. */
    static String[] accountIds(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "kc-" + i;
        }
        return ids;
    }

    /** Creates accounts (kc-1001 ...) and one service; returns the service's _id. */
    static String seed(Connected c, String serviceName, String... accountIds) {
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (String accountId : accountIds) {
            accounts.add(Map.of("id", accountId, "name", "Company " + accountId, "description", "seed"));
        }
        if (!accounts.isEmpty()) {
            Http.Response r = c.vendor().post("/api/vendor-api/organization/accounts", accounts);
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        Http.Response service = c.vendor()
                .post(
                        "/api/vendor-api/service",
                        Map.of("name", serviceName, "category", "security", "subcategory", "password management"));
        assertThat(service.status()).as(service.toString()).isEqualTo(201);
        for (JsonNode sku : service.json().get("skus")) {
            if (sku.get("name").asString().equals(serviceName)) {
                return sku.get("_id").asString();
            }
        }
        throw new AssertionError("service not returned: " + service);
    }

    static Http.Response count(Connected c, String serviceId, String accountId, Object unitCount) {
        return c.vendor()
                .post(
                        "/api/vendor-api/service/" + serviceId + "/count",
                        unitCount == null
                                ? "{\"accountId\":\"" + accountId + "\",\"unitCount\":null}"
                                : Map.of("accountId", accountId, "unitCount", unitCount));
    }

    static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.propertyNames().iterator();
        it.forEachRemaining(names::add);
        return names;
    }

    static void assertFields(JsonNode node, String... expected) {
        assertThat(fields(node)).as(node.toString()).isEqualTo(new TreeSet<>(List.of(expected)));
    }

    static final String[] INTEGRATION_DATA = {
        "organizationId", "name", "vendorId", "vendorName", "integrationId", "status", "lastSyncedAt"
    };
    static final String[] VENDOR_DATA = {
        "_id",
        "id",
        "name",
        "description",
        "integrationType",
        "imageUri",
        "skus",
        "isDistributor",
        "integrationPortalUrl",
        "vendorSupportPageUrl",
        "externalIntegrationStatus",
        "mappingResponsibilities",
        "modules",
        "organizationId",
        "updatedAt",
        "createdAt"
    };
    static final String[] SKU_DATA = {
        "_id", "id", "name", "description", "logo", "category", "subcategory", "supportArticle", "supportContact"
    };
    static final String[] ENVELOPE = {"status", "data", "message"};
    static final String[] MAPPING_ITEM = {"id", "name", "description"};

    /** Records the application events of one organisation while a test runs. */
    static final class EventRecorder implements ApplicationListener<PayloadApplicationEvent<?>>, AutoCloseable {

        private final ConfigurableApplicationContext context;
        private final UUID tenantId;
        final List<Object> events = new CopyOnWriteArrayList<>();

        EventRecorder(ConfigurableApplicationContext context, UUID tenantId) {
            this.context = context;
            this.tenantId = tenantId;
            context.addApplicationListener(this);
        }

        @Override
        public void onApplicationEvent(PayloadApplicationEvent<?> event) {
            Object payload = event.getPayload();
            UUID tenant = null;
            if (payload instanceof VendorEvents.UsageChanged e) {
                tenant = e.tenantId();
            } else if (payload instanceof VendorEvents.AccountsAdded e) {
                tenant = e.tenantId();
            } else if (payload instanceof VendorEvents.ServicesAdded e) {
                tenant = e.tenantId();
            } else if (payload instanceof VendorEvents.IntegrationDisconnected e) {
                tenant = e.tenantId();
            }
            if (tenantId.equals(tenant)) {
                events.add(payload);
            }
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        @Override
        public void close() {
            context.removeApplicationListener(this);
        }
    }
}
