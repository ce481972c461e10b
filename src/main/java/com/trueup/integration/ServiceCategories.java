package com.trueup.integration;

import com.trueup.shared.InvalidInputException;
import java.util.List;
import java.util.Set;

/**
 * The case-sensitive enums of a vendor service's {@code category} and {@code subcategory} on the Vendor API, as in
 * Gradient's published SDK (ServiceCategoryEnum, ServiceSubCategoryEnum; the spelling "priviledged" is theirs).
 */
final class ServiceCategories {

    static final List<String> CATEGORIES =
            List.of("security", "backup", "productivity", "infrastructure", "service delivery", "consulting", "other");

    static final List<String> SUBCATEGORIES = List.of(
            "endpoint detection and response (EDR)",
            "email security",
            "virtual private network services (VPN)",
            "DNS filtering",
            "dark web monitoring",
            "password management",
            "single sign on (SSO)",
            "priviledged access and identity management (PAM/PIM)",
            "security information and event management (SIEM)",
            "mobile device management (MDM)",
            "application security",
            "mobile application management (MAM)",
            "multi factor authentication (MFA)",
            "cloud backup",
            "local backup",
            "desktop backup",
            "data archiving",
            "physical offsite storage",
            "business continuity",
            "hosted email",
            "video conferencing",
            "voice over IP services (VOIP)",
            "line of business application support",
            "unified communications as a service (UCaaS)",
            "customer relationship management",
            "cloud storage",
            "website hosting",
            "hardware as a service (HaaS)",
            "managed print services",
            "virtual desktop infrastructure (VDI)",
            "virtual server hosting",
            "infrastructure as a service (IaaS)",
            "end user support",
            "server management and support",
            "network management and support",
            "printer management and support",
            "desktop management and support",
            "hosted security operations centre (SOC)",
            "software development",
            "penetration testing",
            "project services",
            "governance and compliance",
            "business intelligence services / analytics",
            "phishing simulation",
            "privacy and security awareness training",
            "other");

    private static final Set<String> CATEGORY_SET = Set.copyOf(CATEGORIES);
    private static final Set<String> SUBCATEGORY_SET = Set.copyOf(SUBCATEGORIES);

    private ServiceCategories() {}

    /** Null stays null (not given); anything else must be one of the values, exactly. */
    static String checkedCategory(String value) {
        if (value != null && !CATEGORY_SET.contains(value)) {
            throw new InvalidInputException(
                    "category",
                    "unknown category '" + value + "': use one of " + String.join(", ", CATEGORIES)
                            + " (case-sensitive)");
        }
        return value;
    }

    static String checkedSubcategory(String value) {
        if (value != null && !SUBCATEGORY_SET.contains(value)) {
            throw new InvalidInputException(
                    "subcategory",
                    "unknown subcategory '" + value
                            + "': use one of Gradient's ServiceSubCategoryEnum values (case-sensitive), e.g. "
                            + "'password management', 'email security', 'cloud backup' or 'other'");
        }
        return value;
    }
}
