package com.trueup.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;

class DisplayTest {

    private Locale serverLocale;

    @BeforeEach
    void aServerWithAnotherLocale() {
        serverLocale = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(serverLocale);
    }

    @Test
    void moneyReadsTheSameWhateverTheServersLocale() {
        assertThat(Display.money(new BigDecimal("1234.5"))).isEqualTo("1,234.50");
        assertThat(Display.money(new BigDecimal("-0.005"))).isEqualTo("-0.01");
        assertThat(Display.signedMoney(new BigDecimal("12"))).isEqualTo("+12.00");
        assertThat(Display.money(new BigDecimal("25.805"), "USD")).isEqualTo("USD 25.81");
        assertThat(Display.money(null)).isEqualTo("–");
    }

    @Test
    void quantitiesAreExactWithoutTrailingZerosOrExponents() {
        assertThat(Display.quantity(new BigDecimal("12.5000"))).isEqualTo("12.5");
        assertThat(Display.quantity(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(Display.quantity(new BigDecimal("0.333333"))).isEqualTo("0.333333");
        assertThat(Display.signedQuantity(new BigDecimal("3"))).isEqualTo("+3");
        assertThat(Display.signedQuantity(new BigDecimal("-1.50"))).isEqualTo("-1.5");
        assertThat(Display.percent(new BigDecimal("12.25"))).isEqualTo("12.3 %");
    }

    @Test
    void datesAreEnglish() {
        assertThat(Display.day(LocalDate.of(2026, 3, 2))).isEqualTo("2 Mar 2026");
        assertThat(Display.month(YearMonth.of(2026, 3))).isEqualTo("March 2026");
        assertThat(Display.shortMonth(YearMonth.of(2026, 3))).isEqualTo("Mar 2026");
    }

    @Test
    void templatesFormatThroughDisplayWhateverTheRequestsLocale() {
        SpringTemplateEngine engine = new SpringTemplateEngine();
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        engine.setTemplateResolver(resolver);
        engine.addDialect(new DisplayDialect());
        Context context = new Context(
                Locale.GERMANY, Map.of("total", new BigDecimal("1234.5"), "seats", new BigDecimal("12.5000")));
        String page = engine.process(
                "<p th:text=\"${#display.money(total)} + ' / ' + ${#display.quantity(seats)}\"></p>", context);
        assertThat(page).isEqualTo("<p>1,234.50 / 12.5</p>");
    }
}
