package com.trueup.notification;

import com.trueup.shared.InvalidInputException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What a notification is about; {@link #wire()} is the event name of the API, webhooks and preferences. */
enum NoticeType {
    DIGEST_DAILY("digest-daily", "Daily digest"),
    DIGEST_WEEKLY("digest-weekly", "Weekly digest"),
    UNMAPPED("unmapped", "New vendor accounts or services left unmapped"),
    PSA_SYNC_FAILED("psa-sync-failed", "A PSA sync failed"),
    WRITEBACK_FAILED("writeback-failed", "A write-back failed"),
    WRITEBACK_CONFLICT("writeback-conflict", "A write-back hit a conflict"),
    VENDOR_SILENT("vendor-silent", "A vendor went silent"),
    NO_USAGE("no-usage", "A reconciliation read no usage where usage was expected"),
    TEST("test", "Test message");

    private final String wire;
    private final String label;

    NoticeType(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wire() {
        return wire;
    }

    public String label() {
        return label;
    }

    /** The types people and webhooks can choose (the test message is sent on demand only). */
    static List<NoticeType> choosable() {
        return Arrays.stream(values()).filter(t -> t != TEST).toList();
    }

    static NoticeType parse(String value, String field) {
        for (NoticeType t : choosable()) {
            if (t.wire.equals(value == null ? "" : value.trim())) {
                return t;
            }
        }
        throw new InvalidInputException(
                field,
                "unknown event '" + value + "': use "
                        + choosable().stream().map(NoticeType::wire).collect(Collectors.joining(", ")));
    }

    static Set<NoticeType> parseAll(List<String> values, String field) {
        Set<NoticeType> types = new LinkedHashSet<>();
        if (values != null) {
            values.forEach(v -> types.add(parse(v, field)));
        }
        return types;
    }

    static String join(Set<NoticeType> types) {
        return types.stream().map(NoticeType::wire).collect(Collectors.joining(","));
    }

    static Set<NoticeType> split(String stored) {
        Set<NoticeType> types = new LinkedHashSet<>();
        for (String s : stored == null ? new String[0] : stored.split(",")) {
            for (NoticeType t : values()) {
                if (t.wire.equals(s.trim())) {
                    types.add(t);
                }
            }
        }
        return types;
    }
}
