package com.trueup.mapping.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How alike two names are, from 0.0 (nothing in common) to 1.0 (the same name once case, punctuation, "&" / "and"
 * and legal suffixes such as LLC or Inc. are ignored). Used only to SUGGEST mappings: auto-mapping requires the
 * exact name (see {@link #exactKey(String)}).
 *
 * <p>The score is the best of three views of the names: shared words (Dice), one name's words all contained in the
 * other's ("Secure File Storage" in "Keeper Secure File Storage 100GB", slightly discounted) and shared letter pairs
 * (catches typos such as "Lakeside Credit Unoin").
 */
final class NameSimilarity {

    /** Scores at or above this are offered as suggestions. */
    static final double SUGGESTION_THRESHOLD = 0.6;

    private static final Set<String> LEGAL_SUFFIXES = Set.of(
            "llc",
            "inc",
            "incorporated",
            "ltd",
            "limited",
            "corp",
            "corporation",
            "co",
            "company",
            "gmbh",
            "plc",
            "pllc",
            "pc",
            "lp",
            "llp",
            "sa",
            "ag",
            "bv");
    private static final double CONTAINMENT_WEIGHT = 0.9;

    private NameSimilarity() {}

    /** The key auto-mapping compares: the name trimmed, otherwise character for character (case-sensitive). */
    static String exactKey(String name) {
        return name == null ? "" : name.strip();
    }

    static double score(String a, String b) {
        return score(Prepared.of(a), Prepared.of(b));
    }

    static double score(Prepared a, Prepared b) {
        if (a.words.isEmpty() || b.words.isEmpty()) {
            return 0.0;
        }
        if (a.normalized.equals(b.normalized)) {
            return 1.0;
        }
        Set<String> shared = new HashSet<>(a.words);
        shared.retainAll(b.words);
        double dice = 2.0 * shared.size() / (a.words.size() + b.words.size());
        int shorter = Math.min(a.words.size(), b.words.size());
        int longer = Math.max(a.words.size(), b.words.size());
        // Every word of the shorter name appears in the longer one: a strong hint, the stronger the more it covers.
        double containment = shared.size() == shorter ? CONTAINMENT_WEIGHT * (0.5 + 0.5 * shorter / longer) : 0.0;
        double letters = bigramDice(a.bigrams, b.bigrams);
        return Math.min(0.99, Math.max(dice, Math.max(containment, letters)));
    }

    /** Lower case, accents removed, "&" read as "and", punctuation as spaces, legal suffixes dropped. */
    static String normalize(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        s = s.toLowerCase(Locale.ROOT).replace("&", " and ").replace("+", " and ");
        // Dots join abbreviations ("L.L.C.", "Inc."); other punctuation separates words.
        s = s.replace(".", "").replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        List<String> words = new ArrayList<>(List.of(s.isEmpty() ? new String[0] : s.split(" ")));
        while (words.size() > 1 && LEGAL_SUFFIXES.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return String.join(" ", words);
    }

    private static double bigramDice(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0.0;
        }
        List<String> remaining = new ArrayList<>(b);
        int shared = 0;
        for (String pair : a) {
            if (remaining.remove(pair)) {
                shared++;
            }
        }
        return 2.0 * shared / (a.size() + b.size());
    }

    /** A name prepared once for many comparisons. */
    record Prepared(String normalized, Set<String> words, List<String> bigrams) {

        static Prepared of(String name) {
            String normalized = normalize(name);
            Set<String> words =
                    new LinkedHashSet<>(List.of(normalized.isEmpty() ? new String[0] : normalized.split(" ")));
            List<String> bigrams = new ArrayList<>();
            String compact = normalized.replace(" ", "");
            for (int i = 0; i + 1 < compact.length(); i++) {
                bigrams.add(compact.substring(i, i + 2));
            }
            return new Prepared(normalized, words, bigrams);
        }
    }
}
