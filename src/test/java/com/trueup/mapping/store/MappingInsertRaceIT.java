package com.trueup.mapping.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two auto-mapping jobs inserting the first mapping of the same item at the same moment (on the database the build
 * runs against): the one that comes second waits for the first and leaves its mapping alone, without an error.
 */
class MappingInsertRaceIT extends IntegrationTest {

    @Autowired
    MappingStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final UUID tenant = UUID.randomUUID();
    private final UUID integration = UUID.randomUUID();
    private final UUID connection = UUID.randomUUID();
    private final Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aConcurrentFirstAccountMappingIsLeftAloneAndTheSecondInsertReportsIt() throws Exception {
        UUID account = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        Race race = race(
                tx -> store.insertAccountIfAbsent(tenant, accountRow(account, first)),
                tx -> store.insertAccountIfAbsent(tenant, accountRow(account, second)),
                true);

        assertThat(race.first()).isTrue();
        assertThat(race.second())
                .as("the second insert finds the first one's mapping")
                .isFalse();
        assertThat(store.accountRow(tenant, account))
                .get()
                .extracting(MappingStore.AccountRow::psaCompanyId)
                .isEqualTo(first);
        assertThat(count("account_mapping")).isEqualTo(1);
    }

    @Test
    void whenTheConcurrentInsertRollsBackTheSecondOneInserts() throws Exception {
        UUID account = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        Race race = race(
                tx -> store.insertAccountIfAbsent(tenant, accountRow(account, UUID.randomUUID())),
                tx -> store.insertAccountIfAbsent(tenant, accountRow(account, second)),
                false);

        assertThat(race.second()).isTrue();
        assertThat(store.accountRow(tenant, account))
                .get()
                .extracting(MappingStore.AccountRow::psaCompanyId)
                .isEqualTo(second);
    }

    @Test
    void aConcurrentFirstServiceMappingKeepsItsProductsOnly() throws Exception {
        UUID service = UUID.randomUUID();
        UUID firstProduct = UUID.randomUUID();

        Race race = race(
                tx -> store.insertServiceIfAbsent(tenant, serviceRow(service, firstProduct)),
                tx -> store.insertServiceIfAbsent(tenant, serviceRow(service, UUID.randomUUID())),
                true);

        assertThat(race.first()).isTrue();
        assertThat(race.second()).isFalse();
        assertThat(store.serviceRow(tenant, service))
                .get()
                .extracting(MappingStore.ServiceRow::products)
                .isEqualTo(List.of(new MappingStore.ProductRef(firstProduct, "p-" + firstProduct)));
        assertThat(count("service_mapping")).isEqualTo(1);
        assertThat(count("service_mapping_product")).isEqualTo(1);
    }

    @Test
    void aConcurrentSaveOfTheSameAccountIsReplacedNotAnError() throws Exception {
        UUID account = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        race(
                tx -> save(() -> store.saveAccount(tenant, accountRow(account, UUID.randomUUID()))),
                tx -> save(() -> store.saveAccount(tenant, accountRow(account, second))),
                true);

        assertThat(store.accountRow(tenant, account))
                .get()
                .extracting(MappingStore.AccountRow::psaCompanyId)
                .isEqualTo(second);
        assertThat(count("account_mapping")).isEqualTo(1);
    }

    @Test
    void aConcurrentSaveOfTheSameServiceKeepsTheLaterProducts() throws Exception {
        UUID service = UUID.randomUUID();
        UUID secondProduct = UUID.randomUUID();

        race(
                tx -> save(() -> store.saveService(tenant, serviceRow(service, UUID.randomUUID()))),
                tx -> save(() -> store.saveService(tenant, serviceRow(service, secondProduct))),
                true);

        assertThat(store.serviceRow(tenant, service))
                .get()
                .extracting(MappingStore.ServiceRow::products)
                .isEqualTo(List.of(new MappingStore.ProductRef(secondProduct, "p-" + secondProduct)));
        assertThat(count("service_mapping_product")).isEqualTo(1);
    }

    @Test
    void blockingAndFinishingAtTheSameMomentTwiceAreNoErrors() throws Exception {
        UUID account = UUID.randomUUID();
        race(
                tx -> save(() -> store.block(tenant, integration, MappingStore.ACCOUNT, account, "first", at)),
                tx -> save(() -> store.block(tenant, integration, MappingStore.ACCOUNT, account, "second", at)),
                true);
        assertThat(store.blocked(tenant, integration, MappingStore.ACCOUNT)).containsExactly(account);
        assertThat(count("mapping_auto_block")).isEqualTo(1);

        race(
                tx -> save(() -> store.saveFinish(tenant, integration, "first", at, null)),
                tx -> save(() -> store.saveFinish(tenant, integration, "second", at.plusSeconds(1), null)),
                true);
        assertThat(store.finishedAt(tenant, integration)).contains(at.plusSeconds(1));
        assertThat(count("mapping_finish")).isEqualTo(1);
    }

    private static boolean save(Runnable write) {
        write.run();
        return true;
    }

    private record Race(boolean first, boolean second) {}

    /**
     * Runs {@code first} in a transaction that stays open, then {@code second} in another transaction, which has to
     * wait on the first one's uncommitted row; then commits (or rolls back) the first.
     */
    private Race race(Function<Object, Boolean> first, Function<Object, Boolean> second, boolean commitFirst)
            throws Exception {
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        TransactionTemplate tx = new TransactionTemplate(transactions);
        Future<Boolean> one = threads.submit(() -> tx.execute(status -> {
            boolean inserted = first.apply(status);
            firstWrote.countDown();
            try {
                finishFirst.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!commitFirst) {
                status.setRollbackOnly();
            }
            return inserted;
        }));
        assertThat(firstWrote.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> two = threads.submit(() -> tx.execute(second::apply));
        await("the second insert waits for the first transaction")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> !two.isDone());
        finishFirst.countDown();
        return new Race(one.get(30, TimeUnit.SECONDS), two.get(30, TimeUnit.SECONDS));
    }

    private MappingStore.AccountRow accountRow(UUID account, UUID company) {
        return new MappingStore.AccountRow(
                integration, account, false, connection, company, "c-" + company, true, "system", at);
    }

    private MappingStore.ServiceRow serviceRow(UUID service, UUID product) {
        return new MappingStore.ServiceRow(
                integration,
                service,
                false,
                connection,
                List.of(new MappingStore.ProductRef(product, "p-" + product)),
                true,
                "system",
                at);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table + " where tenant_id = :tenant")
                .param("tenant", tenant)
                .query(Long.class)
                .single();
    }
}
