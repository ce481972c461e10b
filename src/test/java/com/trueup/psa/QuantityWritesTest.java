package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.psa.connector.http.PsaHttpSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The create rules no stub of a real PSA can provoke on demand: answers that name no line. */
class QuantityWritesTest {

    private static final ConnectorDescriptor PSA = ConnectorDescriptor.builder("answers-vaguely", "Vague PSA")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .createsLines()
                    .honoursEffectiveDate()
                    .build())
            .build();

    private final List<Duration> waits = new ArrayList<>();
    private final QuantityWrites writes = new QuantityWrites(PsaHttpSettings.defaults(), waits::add);
    private final NewLine line = new NewLine(
            "c1",
            "k1",
            new RemoteProduct("p3", "SKU-3", "Backup", null, null),
            new BigDecimal("5"),
            LocalDate.of(2026, 12, 1),
            "key-new");

    /** Accepts every create and answers without the line's id; finds lines only once {@code visible} is set. */
    private static final class VagueClient implements PsaClient {
        int creates;
        boolean visible;

        @Override
        public String testConnection() {
            return "ok";
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {}

        @Override
        public Optional<String> findLine(NewLine wanted) {
            return visible && creates > 0 ? Optional.of("l9") : Optional.empty();
        }

        @Override
        public WriteResult createLine(NewLine wanted) {
            creates++;
            return new WriteResult(null, null, "saved");
        }
    }

    @Test
    void aCreateAnsweredWithoutTheNewLineIsOfUnknownOutcomeAndNeverSentTwice() {
        VagueClient psa = new VagueClient();

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> writes.createLine(PSA, psa, line));

        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(e.getMessage()).contains("does not show it in contract k1");
        assertThat(psa.creates).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aCreateAnsweredWithoutItsIdIsFoundByLookingAgain() {
        VagueClient psa = new VagueClient();
        psa.visible = true;

        WriteResult result = writes.createLine(PSA, psa, line);

        assertThat(result.reference()).isEqualTo("l9");
        assertThat(result.quantity()).isEqualByComparingTo("5");
        assertThat(psa.creates).isEqualTo(1);
    }
}
