package com.trueup.psa.connector.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs every request with an HMAC-SHA256: the request's date (HTTP's IMF-fixdate, RFC 1123 with a two-digit day, e.g.
 * "Thu, 04 Jun 2015 07:25:43 GMT", from the clock) goes in {@code dateHeader},
 * the PSA's canonical text of the request ({@link Canonical}) is signed with {@code secret}, and {@link Header} turns
 * the Base64 signature into the Authorization header.
 */
public final class HmacAuthenticator implements Authenticator {

    /** The text a PSA signs, from the method, the path and the date header's value. */
    @FunctionalInterface
    public interface Canonical {
        String of(String method, String path, String date);
    }

    /** The Authorization header's value from the Base64 signature. */
    @FunctionalInterface
    public interface Header {
        String of(String base64Signature);
    }

    private final byte[] secret;
    private final String dateHeader;
    private final Canonical canonical;
    private final Header header;
    private final Clock clock;

    public HmacAuthenticator(byte[] secret, String dateHeader, Canonical canonical, Header header, Clock clock) {
        this.secret = secret.clone();
        this.dateHeader = dateHeader;
        this.canonical = canonical;
        this.header = header;
        this.clock = clock;
    }

    /** HTTP's preferred date form (RFC 9110 IMF-fixdate): always two digits for the day, English names, GMT. */
    public static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .withZone(ZoneOffset.UTC);

    @Override
    public PsaRequest authenticate(PsaRequest request) {
        String date = HTTP_DATE.format(clock.instant());
        String signature = sign(canonical.of(request.method(), request.uri().getRawPath(), date));
        return request.header(dateHeader, date).header("Authorization", header.of(signature));
    }

    /** Base64 of HMAC-SHA256(secret, text). */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
