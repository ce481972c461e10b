package com.trueup.integration;

import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading Vendor API request bodies with messages that name the field at fault. */
final class VendorJson {

    private static final BigDecimal MAX_COUNT = new BigDecimal("1000000000000000");

    private VendorJson() {}

    static JsonNode parse(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("body", "The request body is empty: send JSON.");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("body", "The request body is empty: send JSON.");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode object(JsonMapper json, byte[] body) {
        JsonNode node = parse(json, body);
        if (!node.isObject()) {
            throw new InvalidInputException("body", "The request body must be a JSON object.");
        }
        return node;
    }

    /** A string field; null when absent or null; 400 for any other JSON type. */
    static String text(JsonNode node, String field) {
        return textAt(node, field, field);
    }

    static String textAt(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidInputException(path, path + " must be a string (got " + value + ")");
        }
        return value.stringValue();
    }

    /** An id: a string or a number (some clients send numeric ids). Required. */
    static String id(JsonNode node, String field) {
        String id = idOrNull(node, field, field);
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        return id;
    }

    static String idOrNull(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue().trim();
        }
        if (value.isIntegralNumber()) {
            return value.asString();
        }
        throw new InvalidInputException(path, path + " must be a string (got " + value + ")");
    }

    static boolean flag(String name, String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(name, name + " must be true or false (got '" + value + "')");
        };
    }

    static BigDecimal unitCount(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            throw new InvalidInputException(
                    "unitCount",
                    "unitCount is required: send the current number of units as a JSON number >= 0 (got "
                            + (value == null || value.isMissingNode() ? "nothing" : "null") + ")");
        }
        if (!value.isNumber()) {
            throw new InvalidInputException("unitCount", "unitCount must be a JSON number >= 0 (got " + value + ")");
        }
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            throw new InvalidInputException("unitCount", "unitCount is too large (at most 999999999999999.9999)");
        }
        BigDecimal count = value.decimalValue();
        if (count.signum() < 0) {
            throw new InvalidInputException(
                    "unitCount", "unitCount must be 0 or more (got " + count.toPlainString() + ")");
        }
        if (count.compareTo(MAX_COUNT) >= 0) {
            throw new InvalidInputException("unitCount", "unitCount is too large (at most 999999999999999.9999)");
        }
        if (count.scale() > com.trueup.shared.BoundedNumbers.MAX_DECIMAL_PLACES) {
            throw new InvalidInputException(
                    "unitCount",
                    "unitCount has too many decimal places (at most "
                            + com.trueup.shared.BoundedNumbers.MAX_DECIMAL_PLACES + ")");
        }
        return count;
    }
}
