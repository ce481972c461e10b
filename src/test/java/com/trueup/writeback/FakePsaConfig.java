package com.trueup.writeback;

import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.FakePsaWriter;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.PsaWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts the scriptable fake PSA in place of the real connectors and records delivery events. One fake PSA is shared by
 * every application context of the test JVM (including extra instances a test starts).
 */
@TestConfiguration(proxyBeanMethods = false)
class FakePsaConfig {

    static final FakePsaWriter PSA = new FakePsaWriter();
    static final FakePsaSnapshot SNAPSHOT = new FakePsaSnapshot();

    @Bean
    @Primary
    PsaWriter fakePsaWriter() {
        return PSA;
    }

    @Bean
    @Primary
    PsaSnapshot fakePsaSnapshot() {
        return SNAPSHOT;
    }

    @Bean
    DeliveryEvents deliveryEvents() {
        return DeliveryEvents.INSTANCE;
    }

    /** DeliveryFinished events as a listener in another module would get them: after commit. */
    static final class DeliveryEvents {

        static final DeliveryEvents INSTANCE = new DeliveryEvents();

        private final List<WriteBackEvents.DeliveryFinished> received = new CopyOnWriteArrayList<>();

        @TransactionalEventListener
        void on(WriteBackEvents.DeliveryFinished event) {
            received.add(event);
        }

        List<WriteBackEvents.DeliveryFinished> of(java.util.UUID writeBackId) {
            return received.stream()
                    .filter(e -> e.writeBackId().equals(writeBackId))
                    .toList();
        }
    }
}
