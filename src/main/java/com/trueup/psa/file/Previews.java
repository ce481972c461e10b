package com.trueup.psa.file;

import com.trueup.psa.connector.FileLayout;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Which profile reads a file (the organisation's saved profiles first, then the presets: a profile fits when the file
 * has, on the profile's header row, every column it maps), and the preview of a file with a profile: the first rows as
 * they are and as TrueUp will read them, or the first problem.
 */
@Component
class Previews {

    static final int PREVIEW_ROWS = 10;
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    /** A file's first rows as they are, its header row's columns, what TrueUp reads from the first rows, or why not. */
    record Preview(
            List<String> headers,
            List<List<String>> rows,
            List<ImportedRow> read,
            ImportError problem,
            String profileProblem) {}

    private final ImportProfiles profiles;

    Previews(ImportProfiles profiles) {
        this.profiles = profiles;
    }

    /** The first saved profile, then preset, of one of {@code parts} that fits the file. */
    Optional<ImportProfile> match(UUID tenantId, Set<SnapshotPart> parts, FileImports.Source source) {
        List<ImportProfile> candidates = new ArrayList<>(profiles.list(tenantId));
        candidates.addAll(profiles.presets());
        for (ImportProfile candidate : candidates) {
            if (parts.contains(candidate.part()) && fits(candidate, source)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether the file has every column {@code profile} maps (TrueUp's layout: its required ones) on its header row. */
    boolean fits(ImportProfile profile, FileImports.Source source) {
        List<String> headers;
        try {
            headers = headerRow(profile.headerRow(), profile.encoding(), profile.delimiter(), source);
        } catch (ImportError | IOException e) {
            return false;
        }
        Set<String> present = new HashSet<>();
        headers.forEach(h -> present.add(h.strip().toLowerCase(Locale.ROOT)));
        if (profile.columnsOptional()) {
            return ImportProfile.requiredFields(profile.part()).stream()
                            .allMatch(alt -> alt.stream()
                                    .anyMatch(f -> present.contains(
                                            profile.columns().get(f).toLowerCase(Locale.ROOT))))
                    && headers.stream()
                            .allMatch(h -> h.isBlank()
                                    || FileLayout.FIELDS.contains(h.strip().toLowerCase(Locale.ROOT)));
        }
        return profile.columns().values().stream()
                .allMatch(h -> present.contains(h.strip().toLowerCase(Locale.ROOT)));
    }

    static List<String> headerRow(int headerRow, FileEncoding encoding, char delimiter, FileImports.Source source)
            throws IOException {
        try (InputStream in = source.open();
                CsvRecords records = CsvRecords.open(in, encoding, delimiter)) {
            List<String> record = null;
            for (int i = 0; i < headerRow; i++) {
                record = records.next();
                if (record == null) {
                    return List.of();
                }
            }
            return record.stream()
                    .map(h -> h.startsWith("\ufeff") ? h.substring(1).strip() : h.strip())
                    .toList();
        }
    }

    /**
     * The preview with {@code profile}; its layout fields (header row, delimiter, encoding) always apply, the mapping
     * only once it is complete ({@code profileProblem} says what is missing otherwise); a name is not needed.
     */
    Preview preview(ImportProfile profile, FileImports.Source source) {
        List<List<String>> rows = new ArrayList<>();
        List<String> headers = List.of();
        ImportError problem = null;
        try (InputStream in = source.open();
                CsvRecords records = CsvRecords.open(in, profile.encoding(), profile.delimiter())) {
            List<String> record;
            int n = 0;
            while (n < profile.headerRow() + PREVIEW_ROWS && (record = records.next()) != null) {
                n++;
                if (n == profile.headerRow()) {
                    headers = record.stream()
                            .map(h -> h.startsWith("\ufeff") ? h.substring(1).strip() : h.strip())
                            .toList();
                } else if (n > profile.headerRow()) {
                    rows.add(List.copyOf(record));
                }
            }
        } catch (ImportError e) {
            problem = e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<ImportedRow> read = new ArrayList<>();
        String profileProblem = null;
        if (problem == null) {
            try {
                ImportProfile named = profile.name() == null || profile.name().isBlank()
                        ? new ImportProfile(
                                profile.id(),
                                "preview",
                                profile.part(),
                                profile.headerRow(),
                                profile.delimiter(),
                                profile.encoding(),
                                profile.dateFormat(),
                                profile.decimalSeparator(),
                                profile.columns(),
                                profile.inactiveValues(),
                                profile.source(),
                                profile.columnsOptional())
                        : profile;
                ImportProfile checked = named.checked();
                try (InputStream in = source.open();
                        RowReader reader = new RowReader(checked, in)) {
                    reader.header();
                    ImportedRow row;
                    while (read.size() < PREVIEW_ROWS && (row = reader.next()) != null) {
                        read.add(row);
                    }
                } catch (ImportError e) {
                    problem = e;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } catch (InvalidInputException e) {
                profileProblem = e.getMessage();
            }
        }
        return new Preview(headers, rows, read, problem, profileProblem);
    }

    /** A first mapping: each header whose name, in lower case with _ for spaces and signs, is one of TrueUp's fields. */
    static Map<String, String> suggestedColumns(List<String> headers) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String header : headers) {
            String normal =
                    NOT_ALNUM.matcher(header.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
            normal = normal.replaceAll("^_+|_+$", "");
            if (normal.equals("qty")) {
                normal = "quantity";
            }
            if (FileLayout.FIELDS.contains(normal) && !columns.containsKey(normal)) {
                columns.put(normal, header.strip());
            }
        }
        return columns;
    }
}
