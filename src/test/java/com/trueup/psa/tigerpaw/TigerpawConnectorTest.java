package com.trueup.psa.tigerpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HmacAuthenticator;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Role;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub that checks Tigerpaw's request signature, plus the signature itself. */
class TigerpawConnectorTest extends PsaConnectorContract {

    private TigerpawStub tigerpaw;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        tigerpaw = new TigerpawStub(clock);
        return tigerpaw;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new TigerpawConnector(kit);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of();
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of();
    }

    /** Nothing is read from the API: a sync costs no request. */
    @Override
    protected int fullSyncRequests() {
        return 0;
    }

    private StubServer server() {
        return tigerpaw.server().orElseThrow();
    }

    /**
     * The signature against a vector computed outside Java, with the shell:
     * <pre>
     * printf '%s' 'get|/api/diagnostics/validate/user|wed, 15 may 2024 10:00:00 gmt' \
     *   | openssl dgst -sha256 -hmac 'A7C3E1F2-5D4B-4C6A-9E8F-0B1D2C3E4F5A' -binary | base64
     *   → ogEZDmAt/RVAYooit4wD/2LGr/1xoOl23ckj11m/5II=
     * printf '%s' '3383259B-9FBA-486E-97A8-E81893741F83:ogEZDmAt/RVAYooit4wD/2LGr/1xoOl23ckj11m/5II=' | base64 -w0
     * </pre>
     */
    @Test
    void theSignatureIsExactlyTheIndependentlyComputedVector() {
        HmacAuthenticator signer = TigerpawConnector.signer(TigerpawStub.PUBLIC_KEY, TigerpawStub.PRIVATE_KEY, CLOCK);

        PsaRequest signed = signer.authenticate(
                PsaRequest.get(URI.create("https://api.yourhost.com/api/diagnostics/validate/user")));

        assertThat(signed.headers()).containsEntry("X-TSI-Date", "Wed, 15 May 2024 10:00:00 GMT");
        assertThat(signed.headers())
                .containsEntry(
                        "Authorization",
                        "TSI MzM4MzI1OUItOUZCQS00ODZFLTk3QTgtRTgxODkzNzQxRjgzOm9n"
                                + "RVpEbUF0L1JWQVlvb2l0NHdELzJMR3IvMXhvT2wyM2NrajExbS81SUk9");
    }

    /**
     * A second vector over another path and a date from the sample's own example (openssl as above, signing
     * 'get|/api/accounts/1052932|thu, 18 jun 2015 07:25:43 gmt' → KXr+3baS22UEe9adoaoQN/IAtHFL/N0npDhZKoT9Rjk=).
     */
    @Test
    void theSignedTextIsTheLowerCasedMethodPathAndDate() {
        Clock june2015 = Clock.fixed(Instant.parse("2015-06-18T07:25:43Z"), ZoneOffset.UTC);
        HmacAuthenticator signer =
                TigerpawConnector.signer(TigerpawStub.PUBLIC_KEY, TigerpawStub.PRIVATE_KEY, june2015);

        assertThat(signer.sign("get|/api/accounts/1052932|thu, 18 jun 2015 07:25:43 gmt"))
                .isEqualTo("KXr+3baS22UEe9adoaoQN/IAtHFL/N0npDhZKoT9Rjk=");
        PsaRequest signed =
                signer.authenticate(PsaRequest.get(URI.create("https://api.yourhost.com/api/accounts/1052932?x=1")));
        assertThat(signed.headers())
                .containsEntry("X-TSI-Date", "Thu, 18 Jun 2015 07:25:43 GMT")
                .containsEntry(
                        "Authorization",
                        "TSI "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((TigerpawStub.PUBLIC_KEY
                                                        + ":KXr+3baS22UEe9adoaoQN/IAtHFL/N0npDhZKoT9Rjk=")
                                                .getBytes()));
    }

    /** Tigerpaw's sample shows this signature and the token it makes: the token is Base64 of "public key:signature". */
    @Test
    void theTokenIsComposedAsTigerpawsSampleShows() {
        HmacAuthenticator.Header header = signature -> "TSI "
                + java.util.Base64.getEncoder()
                        .encodeToString(("3383259B-9FBA-486E-97A8-E81893741F83:" + signature).getBytes());
        HmacAuthenticator signer = TigerpawConnector.signer("3383259B-9FBA-486E-97A8-E81893741F83", "unused", CLOCK);
        String token = signer.authenticate(PsaRequest.get(URI.create("https://h/x")))
                .headers()
                .get("Authorization");

        assertThat(header.of("RVg3YCtybLImF68rEumuPLCCApLnPIyNvb0hfxH+ek4="))
                .isEqualTo("TSI MzM4MzI1OUItOUZCQS00ODZFLTk3QTgtR"
                        + "TgxODkzNzQxRjgzOlJWZzNZQ3R5YkxJbUY2OHJFdW11UExDQ0FwTG5QSXlOdmIwaGZ4SCtlazQ9");
        assertThat(new String(java.util.Base64.getDecoder().decode(token.substring(4))))
                .startsWith("3383259B-9FBA-486E-97A8-E81893741F83:");
    }

    @Test
    void everyRequestIsSignedAndThePrivateKeyIsNeverSent() {
        assertThat(client().testConnection()).isEqualTo("Connected to Tigerpaw: the signed request was accepted");

        assertThat(server().calls()).singleElement().satisfies(call -> {
            assertThat(TigerpawStub.signedCorrectly(call)).isTrue();
            assertThat(call.headers().toString() + call.query() + call.body()).doesNotContain(TigerpawStub.PRIVATE_KEY);
        });
    }

    @Test
    void aWrongPrivateKeyIsRefusedPermanently() {
        var context = psa.context(Map.of());
        var wrong = new com.trueup.psa.connector.ConnectorContext(
                context.tenantId(),
                context.connectionId(),
                context.baseUrl(),
                Map.of("publicKey", TigerpawStub.PUBLIC_KEY, "privateKey", "not-the-key"),
                context.settings(),
                context.clock());

        ConnectorException e = catchThrowableOfType(
                ConnectorException.class, () -> connector.open(wrong).testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("401").contains("Authorization has been denied");
    }

    @Test
    void anAnswerSayingTheUserIsNotValidIsPermanent() {
        server().next(
                        Role.READ,
                        new StubServer.Fault.Instead(
                                StubServer.Answer.ok(Map.of("Success", false, "Message", "The rep is not active"))));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(e.getMessage()).isEqualTo("Tigerpaw refused the keys: The rep is not active");
    }
}
