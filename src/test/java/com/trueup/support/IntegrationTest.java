package com.trueup.support;

import com.trueup.tenant.Organisations;
import com.trueup.tenant.UserAccounts;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of integration tests: the whole application on a random port, over real HTTP, against the
 * database named by {@code trueup.test.db}. Tests create their own organisations, so they never
 * depend on each other's data, and the shared context stays valid across test classes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClockConfig.class)
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private Organisations organisations;

    @Autowired
    private UserAccounts users;

    protected TestTenants tenants;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Map<String, String> db = TestDatabases.newDatabase();
        registry.add("spring.datasource.url", () -> db.get("url"));
        registry.add("spring.datasource.username", () -> db.get("username"));
        registry.add("spring.datasource.password", () -> db.get("password"));
        registry.add("trueup.data-dir", () -> System.getProperty("java.io.tmpdir") + "/trueup-test-data");
    }

    @BeforeEach
    void setUpTenants() {
        clock.reset();
        tenants = new TestTenants(organisations, users, baseUrl());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    protected Http http() {
        return new Http(baseUrl());
    }
}
