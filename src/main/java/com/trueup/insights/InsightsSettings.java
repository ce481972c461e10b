package com.trueup.insights;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Insights ({@code trueup.insights.*}, docs/insights.md).
 *
 * @param lowMarginPercent services whose margin is below this percentage of billed revenue are listed as
 *        under-performing (0 to 100)
 */
@Validated
@ConfigurationProperties("trueup.insights")
record InsightsSettings(
        @DefaultValue("20") @DecimalMin("0") @DecimalMax("100")
        BigDecimal lowMarginPercent) {}
