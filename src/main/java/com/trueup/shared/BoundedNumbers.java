package com.trueup.shared;

import java.math.BigDecimal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Decimals read from JSON must fit what TrueUp stores ({@code numeric(19,4)}: less than 10^15 in absolute value) and
 * be cheap to round: at most {@value #MAX_DECIMAL_PLACES} decimal places. {@code 1e400}, a 30-digit number or
 * {@code 1e-999999999} is refused with 400 naming the field, instead of overflowing a column or costing minutes of
 * arithmetic. Registered on the application's JSON mapper, so every request body with a {@link BigDecimal} obeys it.
 */
@Configuration(proxyBeanMethods = false)
public class BoundedNumbers {

    /** Exclusive bound of a stored quantity or amount: 15 digits before the point. */
    public static final BigDecimal LIMIT = new BigDecimal("1000000000000000");

    public static final int MAX_DECIMAL_PLACES = 20;

    @Bean
    JacksonModule boundedDecimals() {
        return new SimpleModule("trueup-bounded-decimals").addDeserializer(BigDecimal.class, new Deserializer());
    }

    /** Why a decimal does not fit, or null when it does. */
    public static String problem(BigDecimal value) {
        if (value.abs().compareTo(LIMIT) >= 0) {
            return "is out of range: it must be less than 1000000000000000 (15 digits before the decimal point).";
        }
        if (value.scale() > MAX_DECIMAL_PLACES) {
            return "has too many decimal places (at most " + MAX_DECIMAL_PLACES + ").";
        }
        return null;
    }

    /** A decimal refused by {@link #problem}; its path names the field. */
    public static final class OutOfRange extends InvalidFormatException {

        OutOfRange(JsonParser parser, String message, Object value) {
            super(parser, message, value, BigDecimal.class);
        }
    }

    static final class Deserializer extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
            BigDecimal value = super.deserialize(p, ctxt);
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                String text = value.toString();
                throw new OutOfRange(p, problem, text.length() > 40 ? text.substring(0, 40) + "..." : text);
            }
            return value;
        }
    }
}
