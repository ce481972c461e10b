package com.trueup.support;

import com.trueup.shared.Role;
import com.trueup.tenant.Organisations;
import com.trueup.tenant.UserAccounts;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates organisations with one user per role, each with a personal API token, through the real services and API. */
public final class TestTenants {

    public static final String PASSWORD = "correct-horse-battery";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Organisations organisations;
    private final UserAccounts users;
    private final String baseUrl;

    public TestTenants(Organisations organisations, UserAccounts users, String baseUrl) {
        this.organisations = organisations;
        this.users = users;
        this.baseUrl = baseUrl;
    }

    public TestTenant create() {
        return create("UTC");
    }

    public TestTenant create(String timeZone) {
        int n = COUNTER.incrementAndGet();
        String suffix = n + "-" + UUID.randomUUID().toString().substring(0, 8);
        var org = organisations.create("Test MSP " + suffix, timeZone, "USD");
        var admin = user(org.id(), "admin-" + suffix + "@msp.test", Role.ADMIN);
        var approver = user(org.id(), "approver-" + suffix + "@msp.test", Role.APPROVER);
        var viewer = user(org.id(), "viewer-" + suffix + "@msp.test", Role.VIEWER);
        return new TestTenant(org.id(), org.name(), admin, approver, viewer, baseUrl);
    }

    private TestUser user(UUID tenantId, String email, Role role) {
        var created = users.create(tenantId, email, null, role, PASSWORD, "test");
        var response = new Http(baseUrl).basic(email, PASSWORD).post("/api/v1/api-tokens", Map.of("name", "tests"));
        if (response.status() != 201) {
            throw new IllegalStateException("could not create token: " + response);
        }
        return new TestUser(
                created.id(), email, role, response.json().get("token").asString());
    }

    public record TestUser(UUID id, String email, Role role, String token) {}

    public record TestTenant(UUID id, String name, TestUser admin, TestUser approver, TestUser viewer, String baseUrl) {

        /** The REST API as this organisation's admin. */
        public Http api() {
            return as(admin);
        }

        public Http as(TestUser user) {
            return new Http(baseUrl).bearer(user.token());
        }
    }
}
