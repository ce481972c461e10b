package com.trueup.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One notification as every channel renders it: a {@code title}, a one-line {@code summary}, labelled {@code facts},
 * further {@code lines} (e.g. the top clients), a {@code link} to the page that helps (a path, e.g. /write-backs), and
 * {@code data}: the figures as numbers and ids, for machines (the generic webhook). Never holds a secret.
 */
record Notice(
        String type,
        String title,
        String summary,
        List<Fact> facts,
        List<String> lines,
        String link,
        Map<String, Object> data,
        Instant occurredAt) {

    record Fact(String label, String value) {}

    NoticeType kind() {
        for (NoticeType t : NoticeType.values()) {
            if (t.wire().equals(type)) {
                return t;
            }
        }
        throw new IllegalStateException("unknown notice type " + type);
    }
}
