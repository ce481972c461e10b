package com.trueup.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notice as each channel wants it: a plain-text e-mail, Slack's incoming-webhook message (Block Kit), a Microsoft
 * Teams message with an Adaptive Card (what Teams' Workflows webhooks take), and TrueUp's own JSON, signed with
 * HMAC-SHA256 over {@code <timestamp>.<body>}. Links are only put where they are absolute (a public URL is set).
 */
final class Renderings {

    static final String SIGNATURE_HEADER = "X-TrueUp-Signature";
    static final String TIMESTAMP_HEADER = "X-TrueUp-Timestamp";
    static final String EVENT_HEADER = "X-TrueUp-Event";
    static final String DELIVERY_HEADER = "X-TrueUp-Delivery";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Slack allows 10 fields per section and 150 characters in a header. */
    private static final int SLACK_FIELDS = 10;

    private Renderings() {}

    static String mailSubject(Notice n) {
        return "TrueUp: " + n.title();
    }

    static String mailText(Notice n, String link) {
        StringBuilder text = new StringBuilder(n.title()).append("\n\n");
        if (n.summary() != null) {
            text.append(n.summary()).append("\n\n");
        }
        for (Notice.Fact f : n.facts()) {
            text.append(f.label()).append(": ").append(f.value()).append('\n');
        }
        if (!n.facts().isEmpty()) {
            text.append('\n');
        }
        for (String line : n.lines()) {
            text.append("- ").append(line).append('\n');
        }
        if (!n.lines().isEmpty()) {
            text.append('\n');
        }
        if (link != null) {
            text.append("Open in TrueUp: ").append(link).append("\n\n");
        }
        text.append("You receive this because you chose \"")
                .append(n.kind().label())
                .append("\" under Settings → Notifications in TrueUp.\n");
        return text.toString();
    }

    static String slack(Notice n, String link) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of(
                "type", "header", "text", Map.of("type", "plain_text", "text", cut(n.title(), 150), "emoji", false)));
        if (n.summary() != null) {
            blocks.add(section(escapeSlack(n.summary())));
        }
        for (int from = 0; from < n.facts().size(); from += SLACK_FIELDS) {
            List<Object> fields = new ArrayList<>();
            for (Notice.Fact f : n.facts().subList(from, Math.min(n.facts().size(), from + SLACK_FIELDS))) {
                fields.add(Map.of(
                        "type",
                        "mrkdwn",
                        "text",
                        cut("*" + escapeSlack(f.label()) + "*\n" + escapeSlack(f.value()), 2000)));
            }
            blocks.add(Map.of("type", "section", "fields", fields));
        }
        if (!n.lines().isEmpty()) {
            StringBuilder lines = new StringBuilder();
            n.lines().forEach(l -> lines.append("• ").append(escapeSlack(l)).append('\n'));
            blocks.add(section(cut(lines.toString().strip(), 3000)));
        }
        if (link != null && link.startsWith("http")) {
            blocks.add(section("<" + link + "|Open in TrueUp>"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", cut(escapeSlack(n.title() + (n.summary() == null ? "" : ": " + n.summary())), 3000));
        body.put("blocks", blocks);
        return JSON.writeValueAsString(body);
    }

    static String teams(Notice n, String link) {
        List<Object> cardBody = new ArrayList<>();
        cardBody.add(
                Map.of("type", "TextBlock", "text", n.title(), "weight", "Bolder", "size", "Medium", "wrap", true));
        if (n.summary() != null) {
            cardBody.add(Map.of("type", "TextBlock", "text", n.summary(), "wrap", true));
        }
        if (!n.facts().isEmpty()) {
            cardBody.add(Map.of(
                    "type",
                    "FactSet",
                    "facts",
                    n.facts().stream()
                            .map(f -> Map.of("title", f.label(), "value", f.value()))
                            .toList()));
        }
        if (!n.lines().isEmpty()) {
            cardBody.add(Map.of(
                    "type",
                    "TextBlock",
                    "text",
                    String.join("\n", n.lines().stream().map(l -> "- " + l).toList()),
                    "wrap",
                    true));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", cardBody);
        if (link != null && link.startsWith("http")) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in TrueUp", "url", link)));
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return JSON.writeValueAsString(message);
    }

    static String generic(Notice n, UUID eventId, UUID tenantId, String link) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", n.type());
        body.put("occurredAt", n.occurredAt().toString());
        body.put("organisationId", tenantId);
        body.put("title", n.title());
        body.put("summary", n.summary());
        body.put("facts", n.facts());
        body.put("lines", n.lines());
        body.put("link", link);
        body.put("data", n.data());
        return JSON.writeValueAsString(body);
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code <timestamp>.<body>} under the webhook's secret. */
    static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256="
                    + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static String toJson(Notice n) {
        return JSON.writeValueAsString(n);
    }

    static Notice fromJson(String json) {
        return JSON.readValue(json, Notice.class);
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    /** Slack's mrkdwn treats &, < and > as control characters. */
    static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
