package com.trueup.reconciliation;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A 64-bit digest of what a rebuild writes for a line: its computed columns ({@link LineRow}) and the series adding
 * up to its vendor quantity. Stored with the line ({@code reconciliation_line.fingerprint}), so a rebuild tells an
 * unchanged line from a changed one by reading this number instead of the line's row and series. Quantities are
 * digested at scale 4 and texts as cut for storage, so a line read back digests to the value stored with it. Two
 * different contents share a digest with a chance of 2<sup>-64</sup>; such a line would keep its old content until its
 * next change.
 */
final class LineFingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final Comparator<ComputedLine.Series> ORDER = Comparator.comparing(
                    (ComputedLine.Series s) -> s.accountId())
            .thenComparing(ComputedLine.Series::serviceId);

    private LineFingerprint() {}

    static long of(LineRow row, List<ComputedLine.Series> series) {
        long h = OFFSET;
        for (Object value : row.values()) {
            h = add(h, value);
        }
        List<ComputedLine.Series> sorted = series;
        if (series.size() > 1) {
            sorted = new ArrayList<>(series);
            sorted.sort(ORDER);
        }
        h = add(h, sorted.size());
        for (ComputedLine.Series s : sorted) {
            h = add(h, s.integrationId());
            h = add(h, s.accountId());
            h = add(h, s.serviceId());
            h = add(
                    h,
                    s.serviceRef() == null || s.serviceRef().length() <= 200
                            ? s.serviceRef()
                            : s.serviceRef().substring(0, 200));
            h = add(h, Quantities.normalize(s.quantity()));
        }
        return mix(h);
    }

    private static long add(long h, Object value) {
        if (value == null) {
            return (h ^ 0xff) * PRIME * PRIME;
        }
        if (value instanceof UUID id) {
            return addLong(addLong(h, id.getMostSignificantBits()), id.getLeastSignificantBits());
        }
        if (value instanceof BigDecimal d) {
            java.math.BigInteger unscaled =
                    (d.scale() == Quantities.SCALE ? d : Quantities.normalize(d)).unscaledValue();
            return unscaled.bitLength() < 63 ? addLong(h, unscaled.longValue()) : addText(h, unscaled.toString());
        }
        if (value instanceof Integer i) {
            return addLong(h, i);
        }
        return addText(h, value.toString());
    }

    private static long addText(long h, String text) {
        h = addLong(h, text.length());
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * PRIME;
        }
        return h;
    }

    private static long addLong(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h = (h ^ (v & 0xff)) * PRIME;
            v >>>= 8;
        }
        return h;
    }

    /** MurmurHash3's finaliser: spreads FNV's weak high bits. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9a34fe53e4bL;
        h ^= h >>> 33;
        return h;
    }
}
