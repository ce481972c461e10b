package com.trueup.mapping.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameSimilarityTest {

    @Test
    void exactKeyOnlyTrims() {
        assertThat(NameSimilarity.exactKey("  Acme Dental Group \t")).isEqualTo("Acme Dental Group");
        assertThat(NameSimilarity.exactKey("Acme Dental Group"))
                .isNotEqualTo(NameSimilarity.exactKey("acme dental group"));
        assertThat(NameSimilarity.exactKey("Acme  Dental Group"))
                .isNotEqualTo(NameSimilarity.exactKey("Acme Dental Group"));
        assertThat(NameSimilarity.exactKey(null)).isEmpty();
    }

    @Test
    void legalSuffixesPunctuationCaseAndAmpersandAreIgnored() {
        assertThat(NameSimilarity.score("Acme Dental Group", "Acme Dental Group, LLC"))
                .isEqualTo(1.0);
        assertThat(NameSimilarity.score("Harbor Point Marine", "Harbor Point Marine Inc."))
                .isEqualTo(1.0);
        assertThat(NameSimilarity.score("Sterling & Hale CPAs", "Sterling and Hale CPAs"))
                .isEqualTo(1.0);
        assertThat(NameSimilarity.score("NORTHWIND TRADERS", "Northwind Traders"))
                .isEqualTo(1.0);
        assertThat(NameSimilarity.score("Café Olé", "Cafe Ole")).isEqualTo(1.0);
        assertThat(NameSimilarity.normalize("Acme Dental Group, L.L.C.")).isEqualTo("acme dental group");
    }

    @Test
    void aNameContainedInALongerOneIsSimilar() {
        double score = NameSimilarity.score("Secure File Storage", "Keeper Secure File Storage 100GB");
        assertThat(score)
                .isGreaterThanOrEqualTo(NameSimilarity.SUGGESTION_THRESHOLD)
                .isLessThan(1.0);
    }

    @Test
    void typosAreSimilar() {
        assertThat(NameSimilarity.score("Lakeside Credit Union", "Lakeside Credit Unoin"))
                .isGreaterThanOrEqualTo(NameSimilarity.SUGGESTION_THRESHOLD);
    }

    @Test
    void differentNamesAreNotSimilar() {
        List<String[]> pairs = List.of(
                new String[] {"Keeper Business", "Keeper Enterprise"},
                new String[] {"Acme Dental Group", "Brightwater Dental"},
                new String[] {"Keeper Business", "Keeper Secure File Storage 100GB"},
                new String[] {"BreachWatch", "Email Security"},
                new String[] {"Compliance Reports", "Advanced Reporting & Alerts"},
                new String[] {"Oakridge Accounting", "Sterling and Hale CPAs"},
                new String[] {"Maple Street Bakery", "Managed Backup"});
        for (String[] pair : pairs) {
            assertThat(NameSimilarity.score(pair[0], pair[1]))
                    .as(pair[0] + " vs " + pair[1])
                    .isLessThan(NameSimilarity.SUGGESTION_THRESHOLD);
        }
    }

    @Test
    void emptyNamesScoreZeroAndScoresAreSymmetric() {
        assertThat(NameSimilarity.score("", "Acme")).isZero();
        assertThat(NameSimilarity.score("---", "Acme")).isZero();
        assertThat(NameSimilarity.score("Secure File Storage", "Keeper Secure File Storage 100GB"))
                .isEqualTo(NameSimilarity.score("Keeper Secure File Storage 100GB", "Secure File Storage"));
    }
}
