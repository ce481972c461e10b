package com.trueup.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Organisations, sign-in and sign-up ({@code trueup.*}).
 *
 * @param signupEnabled let further MSPs create their own organisation at /signup
 * @param admin the organisation and admin created on the first start with an empty database
 * @param security password hashing
 */
@Validated
@ConfigurationProperties("trueup")
record TenantSettings(
        @DefaultValue("false") boolean signupEnabled,
        @DefaultValue @Valid Admin admin,
        @DefaultValue @Valid Security security) {

    /**
     * The first organisation and its admin. TRUEUP_ORGANISATION_NAME and TRUEUP_TIME_ZONE reach these settings through
     * application.yml, which leaves them empty when unset: empty stands for the default.
     *
     * @param email the admin's e-mail address (TRUEUP_ADMIN_EMAIL)
     * @param password the admin's password (TRUEUP_ADMIN_PASSWORD); empty: one is generated and printed once to the
     *        console, never to the log
     * @param organisation the first organisation's name (TRUEUP_ORGANISATION_NAME)
     * @param timeZone the first organisation's time zone, in which its billing months are counted (TRUEUP_TIME_ZONE)
     */
    record Admin(
            @DefaultValue(DEFAULT_EMAIL) String email,
            @DefaultValue("") String password,
            @DefaultValue(DEFAULT_ORGANISATION) String organisation,
            @DefaultValue(DEFAULT_TIME_ZONE) String timeZone) {

        static final String DEFAULT_EMAIL = "admin@trueup.local";
        static final String DEFAULT_ORGANISATION = "My MSP";
        static final String DEFAULT_TIME_ZONE = "UTC";

        Admin {
            email = email == null || email.isBlank() ? DEFAULT_EMAIL : email;
            password = password == null ? "" : password;
            organisation = organisation == null || organisation.isBlank() ? DEFAULT_ORGANISATION : organisation;
            timeZone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return "Admin[email=" + email + ", organisation=" + organisation + ", timeZone=" + timeZone + "]";
        }
    }

    /**
     * Password hashing.
     *
     * @param bcryptStrength the BCrypt cost of stored passwords (4 to 31; each step doubles the time of a sign-in)
     */
    record Security(@DefaultValue("12") @Min(4) @Max(31) int bcryptStrength) {}
}
