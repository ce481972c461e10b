package com.trueup.psa.file;

import com.trueup.psa.connector.SnapshotPart;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of an imported file as TrueUp stores it: the values of the fields the profile maps (null when not mapped or
 * empty), whether its status is one of the profile's inactive values, and the line it came from. {@code key} names the
 * item within its part (a line's id, or company / contract / product, so the same line has the same key in every
 * export); {@link #fingerprint()} hashes everything but the source row, so a re-import writes only what changed.
 */
record ImportedRow(
        SnapshotPart part,
        String key,
        int sourceRow,
        String companyId,
        String companyName,
        String contractId,
        String contractName,
        String productId,
        String productName,
        String lineId,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal unitCost,
        LocalDate startDate,
        LocalDate endDate,
        String status,
        boolean inactive) {

    static final int MAX_KEY = 500;

    /** The company's key: its id in the PSA, else its name. */
    String companyKey() {
        return companyId != null ? companyId : companyName;
    }

    String productKey() {
        return productId != null ? productId : productName;
    }

    /** The contract's key; a line without contract columns belongs to one contract per company. */
    String contractKey() {
        if (contractId != null) {
            return contractId;
        }
        if (contractName != null) {
            return companyKey() + " / " + contractName;
        }
        return companyKey() + " / recurring";
    }

    /** The key of an item of {@code part} from its values (see the record's documentation). */
    static String key(
            SnapshotPart part,
            String companyId,
            String companyName,
            String contractId,
            String contractName,
            String productId,
            String productName,
            String lineId) {
        String company = companyId != null ? companyId : companyName;
        String product = productId != null ? productId : productName;
        String raw = switch (part) {
            case COMPANIES -> company;
            case PRODUCTS -> product;
            case CONTRACTS -> contractId != null ? contractId : company + " / " + contractName;
            case LINES ->
                lineId != null
                        ? lineId
                        : company + " / " + (contractId != null ? contractId : contractName != null ? contractName : "")
                                + " / " + product;
        };
        return fit(raw, MAX_KEY);
    }

    /** {@code key} itself when it fits {@code max} characters, else its start and a hash of the whole. */
    static String fit(String key, int max) {
        if (key == null || key.length() <= max) {
            return key;
        }
        return key.substring(0, max - 17) + "~" + String.format("%016x", hash(key));
    }

    long fingerprint() {
        long h = FNV_OFFSET;
        h = mix(h, part.name());
        h = mix(h, key);
        h = mix(h, companyId);
        h = mix(h, companyName);
        h = mix(h, contractId);
        h = mix(h, contractName);
        h = mix(h, productId);
        h = mix(h, productName);
        h = mix(h, lineId);
        h = mix(h, plain(quantity));
        h = mix(h, plain(unitPrice));
        h = mix(h, plain(unitCost));
        h = mix(h, startDate == null ? null : startDate.toString());
        h = mix(h, endDate == null ? null : endDate.toString());
        h = mix(h, status);
        h = mix(h, inactive ? "1" : "0");
        return h;
    }

    /** A short description for the list of changes: "Acme Dental · Keeper Business" (lines), or the item's name. */
    String label() {
        String company = companyName != null ? companyName : companyId;
        String product = productName != null ? productName : productId;
        String text = switch (part) {
            case COMPANIES -> company;
            case PRODUCTS -> product;
            case CONTRACTS -> company + " · " + (contractName != null ? contractName : contractId);
            case LINES -> company + " · " + product + (contractName != null ? " (" + contractName + ")" : "");
        };
        return fit(text, 700);
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static long mix(long h, String value) {
        if (value == null) {
            h ^= 0xff;
            return h * FNV_PRIME;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            h ^= c & 0xff;
            h *= FNV_PRIME;
            h ^= c >>> 8;
            h *= FNV_PRIME;
        }
        h ^= 0x1f; // separator, so ("ab", "c") and ("a", "bc") differ
        return h * FNV_PRIME;
    }

    static long hash(String value) {
        return mix(FNV_OFFSET, value);
    }
}
