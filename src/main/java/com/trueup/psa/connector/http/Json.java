package com.trueup.psa.connector.http;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading PSA JSON safely: absent and null fields become null, numbers become BigDecimal (never double). */
public final class Json {

    /** Parses floating-point numbers as BigDecimal, keeping the PSA's digits exactly. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {}

    public static boolean present(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    public static String text(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode v = node.get(field);
        return v.isValueNode() ? v.asString() : null;
    }

    /** A number field (or a numeric string) as BigDecimal; null when absent, null or not a number. */
    public static BigDecimal decimal(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isString()) {
            try {
                return new BigDecimal(v.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An id-like field (number or string) as text without decimals ("12", not "12.0"); null when absent. */
    public static String id(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v.isNumber()) {
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        return v.isValueNode() ? v.asString() : null;
    }

    public static boolean bool(JsonNode node, String field, boolean absent) {
        if (!present(node, field)) {
            return absent;
        }
        JsonNode v = node.get(field);
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        return "true".equalsIgnoreCase(v.asString().trim());
    }

    /** The date part of a date or date-time field ("2024-05-01T00:00:00Z" → 2024-05-01); null when absent. */
    public static LocalDate date(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null || t.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(t.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The elements of an array field; empty when absent or not an array. */
    public static List<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return elements(v);
    }

    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    /**
     * The messages of an {@code errors}-like value: a string, a list of strings or objects with a {@code message}, or an
     * object of field → message(s) ("name: can't be blank"); null when there are none.
     */
    public static String messages(JsonNode errors) {
        if (errors == null || errors.isNull() || errors.isMissingNode()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (errors.isValueNode()) {
            out.add(errors.asString());
        } else if (errors.isArray()) {
            errors.forEach(e -> out.add(e.isValueNode() ? e.asString() : firstText(e, "message", "Message", "detail")));
        } else if (errors.isObject()) {
            String own = firstText(errors, "message", "Message", "detail");
            if (own != null) {
                out.add(own);
            } else {
                errors.properties().forEach(e -> {
                    String m = e.getValue().isValueNode() ? e.getValue().asString() : messages(e.getValue());
                    if (m != null && !m.isBlank()) {
                        out.add(e.getKey() + ": " + m);
                    }
                });
            }
        }
        String joined = String.join(
                "; ", out.stream().filter(m -> m != null && !m.isBlank()).toList());
        return joined.isEmpty() ? null : joined;
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String v = text(node, field);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** A quantity or amount as a JSON number without trailing zeros (12.0000 → 12, 14.50 → 14.5). */
    public static JsonNode number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return MAPPER.getNodeFactory().numberNode(v.scale() < 0 ? v.setScale(0) : v);
    }

    /** A PSA id as JSON: a number when it is an integer (negative ones too, as some PSAs send them), else a string. */
    public static JsonNode idValue(String id) {
        if (id != null && id.matches("-?\\d{1,18}")) {
            return MAPPER.getNodeFactory().numberNode(Long.parseLong(id));
        }
        return MAPPER.getNodeFactory().stringNode(id);
    }
}
