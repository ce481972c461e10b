package com.trueup.psa.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading CSV files with a profile: formats, and every bad file answered with its row and column. */
class FileReadingTest {

    static ImportProfile profile(char delimiter, char decimal, String dateFormat, Map<String, String> columns) {
        return new ImportProfile(
                        null,
                        "test",
                        SnapshotPart.LINES,
                        1,
                        delimiter,
                        FileEncoding.UTF_8,
                        dateFormat,
                        decimal,
                        columns,
                        Set.of("Cancelled"),
                        "test",
                        false)
                .checked();
    }

    static Map<String, String> columns(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static final ImportProfile TRUEUP = ImportProfile.trueUpLayout();

    static List<ImportedRow> read(ImportProfile profile, byte[] bytes) throws IOException {
        List<ImportedRow> rows = new ArrayList<>();
        try (RowReader reader = new RowReader(profile, new ByteArrayInputStream(bytes))) {
            reader.header();
            ImportedRow row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    static List<ImportedRow> read(ImportProfile profile, String text) throws IOException {
        return read(profile, text.getBytes(StandardCharsets.UTF_8));
    }

    static ImportError failure(ImportProfile profile, String text) {
        return failure(profile, text.getBytes(StandardCharsets.UTF_8));
    }

    static ImportError failure(ImportProfile profile, byte[] bytes) {
        try {
            read(profile, bytes);
        } catch (ImportError e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the file was read without an error");
    }

    @Test
    void readsTrueUpsLayoutWithQuotesAndEveryField() throws IOException {
        var rows = read(TRUEUP, """
                company_id,company_name,contract_id,contract_name,product_id,product_name,line_id,quantity,unit_price,unit_cost,start_date,end_date,status
                C1,"Acme Dental, LLC",K1,Managed services,KEEPER-BIZ,Keeper Business,L1,12,3.75,2.5,2026-01-01,,active
                C2,"Say ""Hi"" Inc",K2,MSA,KEEPER-ENT,"Keeper
                Enterprise",L2,"1,250.5",5,,,2026-12-31,cancelled
                """);
        assertThat(rows).hasSize(2);
        ImportedRow first = rows.get(0);
        assertThat(first.companyName()).isEqualTo("Acme Dental, LLC");
        assertThat(first.quantity()).isEqualByComparingTo("12");
        assertThat(first.unitPrice()).isEqualByComparingTo("3.75");
        assertThat(first.startDate()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(first.key()).isEqualTo("L1");
        assertThat(first.inactive()).isFalse();
        assertThat(first.sourceRow()).isEqualTo(2);
        ImportedRow second = rows.get(1);
        assertThat(second.companyName()).isEqualTo("Say \"Hi\" Inc");
        assertThat(second.productName()).isEqualTo("Keeper\nEnterprise");
        assertThat(second.quantity()).isEqualByComparingTo("1250.5");
        assertThat(second.inactive()).isTrue();
        assertThat(second.sourceRow()).isEqualTo(3);
    }

    @Test
    void semicolonsDecimalCommasAndDayFirstDates() throws IOException {
        var profile = profile(
                ';',
                ',',
                "dd.MM.yyyy",
                columns(
                        "company_name",
                        "Kunde",
                        "product_name",
                        "Artikel",
                        "quantity",
                        "Menge",
                        "unit_price",
                        "Preis",
                        "start_date",
                        "Beginn"));
        var rows = read(
                profile, "Kunde;Artikel;Menge;Preis;Beginn\nMüller GmbH;Keeper Business;1.234,5;3,75;31.01.2026\n");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).quantity()).isEqualByComparingTo(new BigDecimal("1234.5"));
        assertThat(rows.get(0).unitPrice()).isEqualByComparingTo("3.75");
        assertThat(rows.get(0).startDate()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(rows.get(0).key()).isEqualTo("Müller GmbH /  / Keeper Business");
        assertThat(rows.get(0).contractKey()).isEqualTo("Müller GmbH / recurring");
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "company_name,product_name,quantity\nAcme,Keeper,3\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(text, 0, bytes, 3, text.length);
        var rows = read(TRUEUP, bytes);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.companyName()).isEqualTo("Acme");
            assertThat(r.quantity()).isEqualByComparingTo("3");
        });
    }

    @Test
    void headerRowBelowTitleLinesAndBlankRowsSkipped() throws IOException {
        var profile = new ImportProfile(
                        null,
                        "t",
                        SnapshotPart.LINES,
                        3,
                        ',',
                        FileEncoding.UTF_8,
                        "yyyy-MM-dd",
                        '.',
                        columns("company_name", "Client", "product_name", "Item", "quantity", "Qty"),
                        Set.of(),
                        "t",
                        false)
                .checked();
        var rows = read(
                profile, "Agreement export\nprinted 2026-07-01\nClient,Item,Qty\n\nAcme,Keeper,3\r\n\r\nBeta,Keeper,4");
        assertThat(rows).extracting(ImportedRow::companyName).containsExactly("Acme", "Beta");
        assertThat(rows).extracting(ImportedRow::sourceRow).containsExactly(5, 7);
    }

    @Test
    void windows1252WhenTheProfileSaysSo() throws IOException {
        var profile = new ImportProfile(
                        null,
                        "t",
                        SnapshotPart.LINES,
                        1,
                        ';',
                        FileEncoding.WINDOWS_1252,
                        "yyyy-MM-dd",
                        ',',
                        columns("company_name", "Kunde", "product_name", "Artikel", "quantity", "Menge"),
                        Set.of(),
                        "t",
                        false)
                .checked();
        byte[] bytes = "Kunde;Artikel;Menge\nMüller;Keeper;2,5\n".getBytes(Charset.forName("windows-1252"));
        assertThat(read(profile, bytes))
                .singleElement()
                .satisfies(r -> assertThat(r.companyName()).isEqualTo("Müller"));
        ImportError wrong = failure(
                profile(
                        ';',
                        ',',
                        "yyyy-MM-dd",
                        columns("company_name", "Kunde", "product_name", "Artikel", "quantity", "Menge")),
                bytes);
        assertThat(wrong.code()).isEqualTo("wrong-encoding");
        assertThat(wrong.row()).isEqualTo(2);
        assertThat(wrong.column()).isEqualTo("Kunde");
        assertThat(wrong.getMessage()).contains("wrong encoding");
    }

    @Test
    void wrongEncodingFarIntoTheFileNamesItsRow() {
        StringBuilder text = new StringBuilder("company_name,product_name,quantity\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("Company ").append(i).append(",Keeper,1\n");
        }
        byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = "Caf\u00e9,Keeper,1\n".getBytes(Charset.forName("windows-1252"));
        byte[] bytes = new byte[good.length + bad.length];
        System.arraycopy(good, 0, bytes, 0, good.length);
        System.arraycopy(bad, 0, bytes, good.length, bad.length);
        ImportError e = failure(TRUEUP, bytes);
        assertThat(e.code()).isEqualTo("wrong-encoding");
        assertThat(e.row()).isEqualTo(20_002);
        assertThat(e.column()).isEqualTo("company_name");
    }

    @Test
    void utf16IsWrongEncoding() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFE, 'a', 0};
        ImportError e = failure(TRUEUP, bytes);
        assertThat(e.code()).isEqualTo("wrong-encoding");
        assertThat(e.getMessage()).contains("UTF-16");
    }

    @Test
    void missingColumnNamesTheHeaderAndTheColumnsThereAre() {
        ImportError e = failure(
                profile(
                        ',',
                        '.',
                        "yyyy-MM-dd",
                        columns("company_name", "Client", "product_name", "Item", "quantity", "Qty")),
                "Client,Item,Quantity\nAcme,Keeper,3\n");
        assertThat(e.code()).isEqualTo("missing-column");
        assertThat(e.row()).isEqualTo(1);
        assertThat(e.column()).isEqualTo("Qty");
        assertThat(e.describe())
                .isEqualTo("Row 1, column Qty: the file has no column \"Qty\" (mapped to quantity); its "
                        + "columns are: \"Client\", \"Item\", \"Quantity\"");
    }

    @Test
    void notANumberUnknownDateMissingValueAndNegativeQuantity() {
        String header = "company_name,product_name,quantity,start_date\n";
        ImportError nan = failure(TRUEUP, header + "Acme,Keeper,3\nBeta,Keeper,three\n");
        assertThat(List.of(nan.code(), nan.row(), nan.column())).containsExactly("not-a-number", 3, "quantity");
        assertThat(nan.getMessage()).contains("\"three\" is not a number");
        ImportError comma = failure(TRUEUP, header + "Acme,Keeper,\"12,5\"\n");
        assertThat(List.of(comma.code(), comma.row(), comma.column())).containsExactly("not-a-number", 2, "quantity");
        ImportError date = failure(TRUEUP, header + "Acme,Keeper,3,2026-02-30\n");
        assertThat(List.of(date.code(), date.row(), date.column())).containsExactly("unknown-date", 2, "start_date");
        ImportError usDate = failure(TRUEUP, header + "Acme,Keeper,3,07/31/2026\n");
        assertThat(usDate.getMessage()).contains("not a date in the format yyyy-MM-dd");
        ImportError missing = failure(TRUEUP, header + "Acme,,3\n");
        assertThat(List.of(missing.code(), missing.row(), missing.column()))
                .containsExactly("missing-value", 2, "product_name");
        ImportError negative = failure(TRUEUP, header + "Acme,Keeper,-2\n");
        assertThat(List.of(negative.code(), negative.row())).containsExactly("not-a-number", 2);
    }

    @Test
    void duplicateLineNamesBothRows() {
        ImportError e =
                failure(TRUEUP, "company_name,product_name,quantity\nAcme,Keeper,3\nBeta,Keeper,1\nAcme,Keeper,4\n");
        assertThat(e.code()).isEqualTo("duplicate-line");
        assertThat(e.row()).isEqualTo(4);
        assertThat(e.getMessage()).contains("as row 2");
    }

    @Test
    void emptyFilesAndUnclosedQuotes() {
        assertThat(failure(TRUEUP, "").code()).isEqualTo("empty-file");
        assertThat(failure(TRUEUP, "\n\n").code()).isEqualTo("empty-file");
        ImportError headerOnly = failure(TRUEUP, "company_name,product_name,quantity\n");
        assertThat(headerOnly.code()).isEqualTo("empty-file");
        assertThat(headerOnly.getMessage()).contains("no rows");
        ImportError quote = failure(TRUEUP, "company_name,product_name,quantity\nAcme,\"Keeper,3\n");
        assertThat(List.of(quote.code(), quote.row(), quote.column())).containsExactly("bad-csv", 2, "product_name");
    }

    @Test
    void fingerprintsChangeWithValuesOnly() throws IOException {
        String header = "company_name,product_name,quantity,unit_price\n";
        long a = read(TRUEUP, header + "Acme,Keeper,3,2.50\n").get(0).fingerprint();
        long same = read(TRUEUP, header + "\nAcme,Keeper,3.0,2.5\n").get(0).fingerprint();
        long other = read(TRUEUP, header + "Acme,Keeper,4,2.50\n").get(0).fingerprint();
        assertThat(same).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void profilesAreCheckedFieldByField() {
        assertThatThrownBy(() -> profile(
                        ',', ',', "yyyy-MM-dd", columns("company_name", "a", "product_name", "b", "quantity", "c")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("decimalSeparator"));
        assertThatThrownBy(() -> profile(',', '.', "yyyy-MM-dd", columns("company_name", "a", "product_name", "b")))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("columns.quantity"));
        assertThatThrownBy(() ->
                        profile(',', '.', "hh:mm", columns("company_name", "a", "product_name", "b", "quantity", "c")))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("dateFormat"));
        assertThatThrownBy(() -> profile(
                        ',',
                        '.',
                        "yyyy-MM-dd",
                        columns("seats", "a", "company_name", "a", "product_name", "b", "quantity", "c")))
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("columns.seats"));
    }

    @Test
    void aLargeFileIsReadInConstantMemory() throws IOException {
        int lines = 200_000;
        InputStream generated = new InputStream() {
            private byte[] current = "company_id,company_name,product_id,product_name,quantity,unit_price\n".getBytes();
            private int at;
            private int line;

            @Override
            public int read() {
                if (at == current.length) {
                    if (line == lines) {
                        return -1;
                    }
                    line++;
                    current = ("C" + (line % 2000) + ",Company " + (line % 2000) + ",P" + line + ",Product " + line
                                    + "," + (line % 50) + ",3.50\n")
                            .getBytes();
                    at = 0;
                }
                return current[at++];
            }
        };
        int count = 0;
        try (RowReader reader = new RowReader(TRUEUP, generated)) {
            reader.header();
            while (reader.next() != null) {
                count++;
            }
        }
        assertThat(count).isEqualTo(lines);
    }

    @Test
    void numbersWithThousandsSeparators() {
        assertThat(RowReader.parseNumber("1,234.5", '.')).isEqualByComparingTo("1234.5");
        assertThat(RowReader.parseNumber("1 234 567,25", ',')).isEqualByComparingTo("1234567.25");
        assertThat(RowReader.parseNumber("1.234,5", ',')).isEqualByComparingTo("1234.5");
        assertThat(RowReader.parseNumber(".5", '.')).isEqualByComparingTo("0.5");
        assertThat(RowReader.parseNumber("-3", '.')).isEqualByComparingTo("-3");
        assertThat(RowReader.parseNumber("12,5", '.')).isNull();
        assertThat(RowReader.parseNumber("1,2345", '.')).isNull();
        assertThat(RowReader.parseNumber("1234,567.5", '.')).isNull();
        assertThat(RowReader.parseNumber("3.5.1", '.')).isNull();
        assertThat(RowReader.parseNumber("€3", '.')).isNull();
        assertThat(RowReader.parseNumber("-", '.')).isNull();
        assertThat(RowReader.parseNumber("1.", '.')).isEqualByComparingTo("1");
    }
}
