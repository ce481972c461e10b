package com.trueup.psa.tigerpaw;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Tigerpaw REST API that checks each request's signature as Tigerpaw's own sample describes it: the Authorization
 * header {@code TSI base64("{public key}:{signature}")}, the signature the Base64 HMAC-SHA256 (private key, UTF-8) of
 * {@code lower("{method}|{path}|{X-TSI-Date}")}. It answers {@code GET /api/diagnostics/validate/user} with
 * {@code Success} and {@code Message} (the element names of the sample's response). Tigerpaw's error body is not
 * public: the stub answers {"Message": ...}. It serves nothing else: the connector reads nothing else.
 */
class TigerpawStub extends HttpFakePsa {

    static final String PUBLIC_KEY = "3383259B-9FBA-486E-97A8-E81893741F83";
    static final String PRIVATE_KEY = "A7C3E1F2-5D4B-4C6A-9E8F-0B1D2C3E4F5A";

    private volatile String rejection;

    TigerpawStub(Clock clock) {
        super(
                TigerpawConnector.DESCRIPTOR.settings(),
                Map.of("publicKey", PUBLIC_KEY, "privateKey", PRIVATE_KEY),
                clock);
        server.authCheck(call -> {
            if (rejection != null) {
                return error(401, rejection);
            }
            return signedCorrectly(call) ? null : error(401, "Authorization has been denied for this request.");
        });
    }

    /** The check Tigerpaw's server makes, computed here on its own. */
    static boolean signedCorrectly(Call call) {
        String header = call.header("Authorization");
        String date = call.header("X-TSI-Date");
        if (header == null || date == null || !header.startsWith("TSI ")) {
            return false;
        }
        String token = new String(Base64.getDecoder().decode(header.substring(4)), StandardCharsets.UTF_8);
        int colon = token.indexOf(':');
        if (colon < 0 || !PUBLIC_KEY.equals(token.substring(0, colon))) {
            return false;
        }
        String text = (call.method() + "|" + call.path() + "|" + date).toLowerCase(Locale.ROOT);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PRIVATE_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
            return expected.equals(token.substring(colon + 1));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String identifier(PsaWorld.Product product) {
        return product.code();
    }

    @Override
    public Map<String, String> smallPages() {
        return Map.of();
    }

    @Override
    public void rejectCredentials() {
        rejection = "credentials rejected by the stub";
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(status, map("Message", message));
    }

    @Override
    protected void routes() {
        server.on(
                "GET",
                "/api/diagnostics/validate/user",
                Role.READ,
                (call, m) -> Answer.ok(map("Success", true, "Message", "")));
    }
}
