package com.trueup.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RenderingsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** {@code printf '1.The quick brown fox' | openssl dgst -sha256 -hmac key}. */
    private static final String KNOWN_VECTOR = "1ef269d2a2a1f8d397e0e25c3e3013fb5687509234565e6e49ea45a138768457";

    private static final Notice NOTICE = new Notice(
            "writeback-failed",
            "Write-back failed: Acme <Dental> & Co",
            "The PSA refused the change",
            List.of(new Notice.Fact("Line", "Acme · Keeper Business"), new Notice.Fact("Quantity", "12")),
            List.of("first", "second"),
            "/write-backs",
            Map.of("status", "failed"),
            Instant.parse("2026-08-04T06:00:00Z"));

    @Test
    void slackGetsBlockKitWithEscapedTextAndAFallback() {
        JsonNode body = JSON.readTree(Renderings.slack(NOTICE, "https://trueup.example.com/write-backs"));
        assertThat(body.get("text").asString())
                .isEqualTo("Write-back failed: Acme &lt;Dental&gt; &amp; Co: The PSA refused the change");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(2).get("fields").get(0).get("text").asString())
                .isEqualTo("*Line*\nAcme · Keeper Business");
        assertThat(blocks.get(3).get("text").get("text").asString()).isEqualTo("• first\n• second");
        assertThat(blocks.get(4).get("text").get("text").asString())
                .isEqualTo("<https://trueup.example.com/write-backs|Open in TrueUp>");
        assertThat(Renderings.escapeSlack("a <b> & c")).isEqualTo("a &lt;b&gt; &amp; c");
        // without a public URL there is no relative link Slack could not open
        assertThat(JSON.readTree(Renderings.slack(NOTICE, "/write-backs"))
                        .get("blocks")
                        .size())
                .isEqualTo(4);
    }

    @Test
    void teamsGetsAnAdaptiveCardMessage() {
        JsonNode body = JSON.readTree(Renderings.teams(NOTICE, "https://trueup.example.com/write-backs"));
        assertThat(body.get("type").asString()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asString()).isEqualTo("1.4");
        assertThat(card.get("body").get(0).get("text").asString()).isEqualTo("Write-back failed: Acme <Dental> & Co");
        assertThat(card.get("body").get(2).get("facts").get(1).get("title").asString())
                .isEqualTo("Quantity");
        assertThat(card.get("actions").get(0).get("url").asString())
                .isEqualTo("https://trueup.example.com/write-backs");
    }

    @Test
    void theGenericSignatureIsHmacSha256OfTimestampDotBody() throws Exception {
        UUID event = UUID.randomUUID();
        String body = Renderings.generic(NOTICE, event, UUID.randomUUID(), "/write-backs");
        assertThat(JSON.readTree(body).get("id").asString()).isEqualTo(event.toString());
        assertThat(JSON.readTree(body).get("data").get("status").asString()).isEqualTo("failed");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("whsec_test".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + HexFormat.of().formatHex(mac.doFinal(("1785823200." + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(Renderings.signature("whsec_test", 1785823200L, body)).isEqualTo(expected);
        // a known HMAC-SHA256 vector: key "key", message "1.The quick brown fox" computed independently of Java
        assertThat(Renderings.signature("key", 1, "The quick brown fox")).isEqualTo("sha256=" + KNOWN_VECTOR);
    }

    @Test
    void mailIsPlainTextWithFactsLinesAndWhy() {
        assertThat(Renderings.mailText(NOTICE, "https://trueup.example.com/write-backs"))
                .isEqualTo("""
                Write-back failed: Acme <Dental> & Co

                The PSA refused the change

                Line: Acme · Keeper Business
                Quantity: 12

                - first
                - second

                Open in TrueUp: https://trueup.example.com/write-backs

                You receive this because you chose "A write-back failed" under Settings → Notifications in TrueUp.
                """);
        assertThat(Renderings.fromJson(Renderings.toJson(NOTICE))).isEqualTo(NOTICE);
    }
}
