package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The change sheet's CSV and the confirmation's flag wording, without a database. */
class ChangeSheetTest {

    private static final UUID ID = UUID.fromString("4f6c1a2b-0000-4000-8000-000000000001");
    private static final Instant AT = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void csvQuotesWhatNeedsItDefusesFormulasAndWritesPlainNumbers() {
        var line = new ChangeSheet.Line(
                ID,
                "Acme\nDental",
                "\tTabbed, \"quoted\"",
                "=SUM(A1)",
                "-Seats",
                new BigDecimal("10.5000"),
                new BigDecimal("1E+1"),
                new BigDecimal("-0.5000"),
                "2027-01-01",
                false,
                "why",
                AT,
                "ann@msp.example");
        var sheet = new ChangeSheet.Sheet(
                List.of(new ChangeSheet.Group("Acme\nDental", "\tTabbed, \"quoted\"", List.of(line))), 1, AT, AT);

        assertThat(ChangeSheet.csv(sheet))
                .isEqualTo(ChangeSheet.CSV_HEADER
                        + "\"Acme\nDental\",\"'\tTabbed, \"\"quoted\"\"\",'=SUM(A1),'-Seats,10.5,10,-0.5,2027-01-01,"
                        + ID + "\r\n");
        assertThat(line.change()).isEqualTo("-0.5");
        assertThat(line.current()).isEqualTo("10.5");
        assertThat(line.target()).isEqualTo("10");
        assertThat(line.shortId()).isEqualTo("4f6c1a2b");
    }

    @Test
    void anEmptySheetIsTheHeaderAlone() {
        assertThat(ChangeSheet.csv(new ChangeSheet.Sheet(List.of(), 0, AT, null)))
                .isEqualTo(
                        "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,"
                                + "write_back_id\r\n");
    }

    @Test
    void theFlagSaysWhatTheSnapshotShows() {
        LocalDate day = LocalDate.of(2026, 12, 2);
        WriteBack update = writeBack(UUID.randomUUID(), "10", "15");
        WriteBack newLine = writeBack(null, null, "4");

        assertThat(ByHandConfirmations.flag(update, new BigDecimal("10.0000"), day))
                .isEqualTo("still at 10 after the import of 2026-12-02");
        assertThat(ByHandConfirmations.flag(update, new BigDecimal("12"), day))
                .isEqualTo("at 12, not 15, after the import of 2026-12-02");
        assertThat(ByHandConfirmations.flag(update, null, day))
                .isEqualTo("the line is not in the PSA snapshot after the import of 2026-12-02");
        assertThat(ByHandConfirmations.flag(newLine, null, day))
                .isEqualTo("no line of this product for the company after the import of 2026-12-02");
        assertThat(ByHandConfirmations.flag(newLine, new BigDecimal("2"), day))
                .isEqualTo("at 2, not 4, after the import of 2026-12-02");
    }

    private static WriteBack writeBack(UUID psaLine, String expected, String quantity) {
        return new WriteBack(
                ID,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                psaLine,
                UUID.randomUUID(),
                UUID.randomUUID(),
                "t",
                expected == null ? null : new BigDecimal(expected),
                new BigDecimal(quantity),
                null,
                LocalDate.of(2027, 1, 1),
                WriteBackStatus.APPLIED,
                0,
                0,
                null,
                false,
                null,
                null,
                null,
                null,
                null,
                "ann",
                AT,
                AT,
                null,
                "why",
                "ann",
                AT,
                null,
                null);
    }
}
