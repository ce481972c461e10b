package com.trueup.psa.file;

import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Importing a PSA's CSV exports on the REST API: import profiles, uploads with their preview, and the import history. */
@RestController
@RequestMapping("/api/v1")
@Tag(
        name = "PSA files",
        description = "Import a PSA's CSV exports into a connection: profiles, preview, import, history")
class FileApiController {

    private final FileImports imports;
    private final ImportProfiles profiles;
    private final Previews previews;

    FileApiController(FileImports imports, ImportProfiles profiles, Previews previews) {
        this.imports = imports;
        this.profiles = profiles;
        this.previews = previews;
    }

    record ProfileBody(
            String name,
            String part,
            Integer headerRow,
            String delimiter,
            String encoding,
            String dateFormat,
            String decimalSeparator,
            Map<String, String> columns,
            List<String> inactiveValues) {

        ImportProfile toProfile() {
            return new ImportProfile(
                    null,
                    name,
                    ImportProfile.part(part),
                    headerRow == null ? 1 : headerRow,
                    ImportProfile.delimiter(delimiter),
                    FileEncoding.parse(encoding),
                    dateFormat == null || dateFormat.isBlank() ? "yyyy-MM-dd" : dateFormat.strip(),
                    ImportProfile.decimalSeparator(decimalSeparator),
                    columns == null ? Map.of() : columns,
                    inactiveValues == null ? java.util.Set.of() : new LinkedHashSet<>(inactiveValues),
                    null,
                    false);
        }
    }

    record ProfileView(
            UUID id,
            String name,
            String part,
            int headerRow,
            String delimiter,
            String encoding,
            String dateFormat,
            String decimalSeparator,
            Map<String, String> columns,
            List<String> inactiveValues,
            boolean preset,
            String source) {

        static ProfileView of(ImportProfile p) {
            return new ProfileView(
                    p.id(),
                    p.name(),
                    p.part().name(),
                    p.headerRow(),
                    ImportProfile.delimiterName(p.delimiter()),
                    p.encoding().apiName(),
                    p.dateFormat(),
                    String.valueOf(p.decimalSeparator()),
                    p.columns(),
                    List.copyOf(p.inactiveValues()),
                    p.preset(),
                    p.source());
        }
    }

    record ChangeView(
            String kind,
            String key,
            String label,
            BigDecimal oldQuantity,
            BigDecimal newQuantity,
            BigDecimal oldUnitPrice,
            BigDecimal newUnitPrice) {

        static ChangeView of(FileImports.Change c) {
            return new ChangeView(
                    c.kind().name().toLowerCase(java.util.Locale.ROOT),
                    c.key(),
                    c.label(),
                    c.oldQuantity(),
                    c.newQuantity(),
                    c.oldPrice(),
                    c.newPrice());
        }
    }

    record ImportView(
            UUID id,
            UUID connectionId,
            String part,
            String profile,
            String fileName,
            long fileBytes,
            int rows,
            int added,
            int removed,
            int changed,
            int unchanged,
            UUID syncRunId,
            String importedBy,
            Instant importedAt,
            long millis,
            List<ChangeView> changes) {

        static ImportView of(FileImports.ImportRecord r, List<FileImports.Change> changes) {
            return new ImportView(
                    r.id(),
                    r.connectionId(),
                    r.part().name(),
                    r.profileName(),
                    r.fileName(),
                    r.fileBytes(),
                    r.rowsRead(),
                    r.added(),
                    r.removed(),
                    r.changed(),
                    r.unchanged(),
                    r.syncRunId(),
                    r.importedBy(),
                    r.importedAt(),
                    r.millis(),
                    changes == null
                            ? null
                            : changes.stream().map(ChangeView::of).toList());
        }
    }

    record RowView(
            int row,
            String key,
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

        static RowView of(ImportedRow r) {
            return new RowView(
                    r.sourceRow(),
                    r.key(),
                    r.companyId(),
                    r.companyName(),
                    r.contractId(),
                    r.contractName(),
                    r.productId(),
                    r.productName(),
                    r.lineId(),
                    r.quantity(),
                    r.unitPrice(),
                    r.unitCost(),
                    r.startDate(),
                    r.endDate(),
                    r.status(),
                    r.inactive());
        }
    }

    record ProblemView(String code, int row, String column, String message) {}

    record PreviewView(
            ProfileView matchedProfile,
            List<String> headers,
            Map<String, String> suggestedColumns,
            List<List<String>> rows,
            List<RowView> read,
            ProblemView problem,
            String profileProblem) {}

    // ---- profiles ----

    @GetMapping("/import-profiles")
    @Operation(summary = "The organisation's saved import profiles")
    Map<String, List<ProfileView>> listProfiles(@AuthenticationPrincipal CurrentUser user) {
        return Map.of(
                "items",
                profiles.list(user.tenantId()).stream().map(ProfileView::of).toList());
    }

    @GetMapping("/import-profiles/presets")
    @Operation(summary = "Preset profiles: TrueUp's CSV layout and the documented CSV exports of the PSAs TrueUp knows")
    Map<String, List<ProfileView>> presets() {
        return Map.of("items", profiles.presets().stream().map(ProfileView::of).toList());
    }

    @GetMapping("/import-profiles/{profileId}")
    @Operation(summary = "One saved import profile")
    ProfileView profile(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID profileId) {
        return ProfileView.of(profiles.get(user.tenantId(), profileId));
    }

    @PostMapping("/import-profiles")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Save an import profile (admins)",
            description = "part: LINES (default), COMPANIES, PRODUCTS or "
                    + "CONTRACTS; headerRow: the line of the column headers (1 = first); delimiter , ; | or tab; encoding UTF-8 "
                    + "(default; a byte order mark is skipped) or Windows-1252; dateFormat of yyyy, MM, dd (default yyyy-MM-dd); "
                    + "decimalSeparator . or ,; columns: TrueUp field -> the file's header, fields company_id, company_name, "
                    + "contract_id, contract_name, product_id, product_name, line_id, quantity, unit_price, unit_cost, start_date, "
                    + "end_date, status; inactiveValues: status values that mean not billed. 400 names the field; 409 when the "
                    + "name is taken.")
    ProfileView createProfile(@AuthenticationPrincipal CurrentUser user, @RequestBody ProfileBody body) {
        return ProfileView.of(profiles.create(user.tenantId(), body.toProfile(), user.email()));
    }

    @PutMapping("/import-profiles/{profileId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change an import profile (admins); the body is complete, as for creating one")
    ProfileView updateProfile(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID profileId, @RequestBody ProfileBody body) {
        return ProfileView.of(profiles.update(user.tenantId(), profileId, body.toProfile(), user.email()));
    }

    @DeleteMapping("/import-profiles/{profileId}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an import profile (admins); imported data stays")
    void deleteProfile(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID profileId) {
        profiles.delete(user.tenantId(), profileId, user.email());
    }

    // ---- imports ----

    @PostMapping(path = "/psa-connections/{id}/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Import a CSV file into a connection fed by files (admins)",
            description =
                    "Reads the file with profileId, or else with the first saved profile or preset whose columns the "
                            + "file has (422 with the file's headers and a suggested mapping when none fits: save a profile, then "
                            + "import with its id). Replaces the connection's part of that profile atomically and answers what "
                            + "changed since the last import; when anything changed a sync of the connection is queued "
                            + "(syncRunId). A bad file changes nothing: 400 problem+json with code (missing-column, missing-value, "
                            + "not-a-number, unknown-date, duplicate-line, empty-file, wrong-encoding, bad-csv), row and column. "
                            + "404 for a connection that takes nothing from files.")
    ImportView importFile(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestPart("file") MultipartFile file,
            @Parameter(description = "the profile to read the file with (saved profile id)")
                    @RequestParam(required = false)
                    UUID profileId) {
        var connection = imports.connection(user.tenantId(), id);
        FileImports.Source source = file::getInputStream;
        ImportProfile profile;
        if (profileId != null) {
            profile = profiles.get(user.tenantId(), profileId);
        } else {
            profile = previews.match(user.tenantId(), imports.fileParts(connection), source)
                    .orElseThrow(() -> new NoProfileFits(source));
        }
        var result = imports.importFile(
                user.tenantId(), id, profile, file.getOriginalFilename(), file.getSize(), source, user.email());
        return ImportView.of(result.record(), result.changes());
    }

    @PostMapping(path = "/psa-connections/{id}/imports/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary =
                    "Preview a file (admins): its first rows as they are and as they would be read; nothing is stored",
            description =
                    "With a profile part (JSON, as for POST /import-profiles) the file is read with it; without one, "
                            + "with the saved profile or preset that fits (matchedProfile), else as comma-separated with headers on "
                            + "the first line and a suggested mapping.")
    PreviewView preview(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestPart("file") MultipartFile file,
            @RequestPart(value = "profile", required = false) ProfileBody body) {
        var connection = imports.connection(user.tenantId(), id);
        FileImports.Source source = file::getInputStream;
        ImportProfile matched = body == null
                ? previews.match(user.tenantId(), imports.fileParts(connection), source)
                        .orElse(null)
                : null;
        ImportProfile profile = body != null ? body.toProfile() : matched != null ? matched : guess(source);
        var preview = previews.preview(profile, source);
        return new PreviewView(
                matched == null ? null : ProfileView.of(matched),
                preview.headers(),
                Previews.suggestedColumns(preview.headers()),
                preview.rows(),
                preview.read().stream().map(RowView::of).toList(),
                problem(preview.problem()),
                preview.profileProblem());
    }

    @GetMapping("/psa-connections/{id}/imports")
    @Operation(summary = "A connection's imports, newest first, with the rows stored per part")
    Map<String, Object> history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        var connection = imports.connection(user.tenantId(), id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "fileParts",
                imports.fileParts(connection).stream().map(SnapshotPart::name).toList());
        Map<String, Integer> stored = new LinkedHashMap<>();
        imports.counts(user.tenantId(), id).forEach((part, n) -> stored.put(part.name(), n));
        body.put("storedRows", stored);
        body.put(
                "items",
                imports.history(user.tenantId(), id, 100).stream()
                        .map(r -> ImportView.of(r, null))
                        .toList());
        return body;
    }

    @GetMapping("/psa-connections/{id}/imports/{importId}")
    @Operation(
            summary = "One import with what it changed (the first 500 changes item by item; the counts are complete)")
    ImportView importDetail(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @PathVariable UUID importId) {
        imports.connection(user.tenantId(), id);
        var result = imports.find(user.tenantId(), id, importId)
                .orElseThrow(() -> com.trueup.shared.NotFoundException.of("Import", importId));
        return ImportView.of(result.record(), result.changes());
    }

    /** Comma-separated, headers on line 1, the suggested mapping: what the mapping page starts from. */
    static ImportProfile guess(FileImports.Source source) {
        List<String> headers;
        try {
            headers = Previews.headerRow(1, FileEncoding.UTF_8, ',', source);
        } catch (ImportError | java.io.IOException e) {
            headers = List.of();
        }
        char delimiter = headers.size() <= 1 && !headers.isEmpty()
                ? CsvRecords.guessDelimiter(headers.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : ',';
        if (delimiter != ',') {
            try {
                headers = Previews.headerRow(1, FileEncoding.UTF_8, delimiter, source);
            } catch (ImportError | java.io.IOException e) {
                headers = List.of();
            }
        }
        return new ImportProfile(
                null,
                "",
                SnapshotPart.LINES,
                1,
                delimiter,
                FileEncoding.UTF_8,
                "yyyy-MM-dd",
                delimiter == ';' ? ',' : '.',
                Previews.suggestedColumns(headers),
                java.util.Set.of(),
                null,
                false);
    }

    static ProblemView problem(ImportError e) {
        return e == null ? null : new ProblemView(e.code(), e.row(), e.column(), e.describe());
    }

    /** No saved profile or preset fits an uploaded file. */
    static final class NoProfileFits extends RuntimeException {
        final FileImports.Source source;

        NoProfileFits(FileImports.Source source) {
            super("No saved import profile or preset fits this file's columns: save a profile for it (POST "
                    + "/api/v1/import-profiles; the preview suggests one), then import with profileId.");
            this.source = source;
        }
    }

    @ExceptionHandler(ImportError.class)
    ResponseEntity<ProblemDetail> badFile(ImportError e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The file was not imported: " + e.describe() + ". Nothing was changed.");
        problem.setTitle("The file cannot be imported");
        problem.setProperty("field", "file");
        problem.setProperty("code", e.code());
        if (e.row() > 0) {
            problem.setProperty("row", e.row());
        }
        if (e.column() != null) {
            problem.setProperty("column", e.column());
        }
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(NoProfileFits.class)
    ResponseEntity<ProblemDetail> noProfile(NoProfileFits e) {
        ImportProfile guess = guess(e.source);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("No import profile fits this file");
        problem.setProperty("field", "profileId");
        try {
            problem.setProperty("headers", Previews.headerRow(1, guess.encoding(), guess.delimiter(), e.source));
        } catch (ImportError | java.io.IOException ignored) {
            problem.setProperty("headers", List.of());
        }
        problem.setProperty("delimiter", ImportProfile.delimiterName(guess.delimiter()));
        problem.setProperty("suggestedColumns", guess.columns());
        return ResponseEntity.unprocessableContent()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
