package com.trueup.psa.file;

import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorPage;
import com.trueup.psa.connector.FileLayout;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The Import files pages of a connection fed by files: upload (read at once when a saved profile or preset fits), the
 * mapping page with its preview when none does, each import with what it changed, and the organisation's profiles.
 */
@Controller
@RequestMapping("/psa/files/{id}")
class FilePageController {

    private final FileImports imports;
    private final ImportProfiles profiles;
    private final Previews previews;
    private final Uploads uploads;

    FilePageController(FileImports imports, ImportProfiles profiles, Previews previews, Uploads uploads) {
        this.imports = imports;
        this.profiles = profiles;
        this.previews = previews;
        this.uploads = uploads;
    }

    /** Links every connection that takes a part from files to its Import files page. */
    @Component
    static class ImportLink implements ConnectorPage {

        @Override
        public String type() {
            return FileConnector.TYPE;
        }

        @Override
        public boolean appliesTo(ConnectorDescriptor descriptor) {
            return descriptor.capabilities().reads().size() < SnapshotPart.values().length;
        }

        @Override
        public String label() {
            return "Import files";
        }

        @Override
        public String href(UUID connectionId) {
            return "/psa/files/" + connectionId;
        }

        @Override
        public String nextStep(ConnectorDescriptor descriptor) {
            return descriptor.capabilities().reads().isEmpty()
                    ? "Next: open Import files and import a CSV export of your PSA."
                    : "Next: press Sync now for what the PSA's API reads, and import the rest (its "
                            + String.join(
                                    ", ",
                                    java.util.EnumSet.complementOf(java.util.EnumSet.copyOf(
                                                    descriptor.capabilities().reads()))
                                            .stream()
                                            .map(FileImports::name)
                                            .toList())
                            + ") as CSV under Import files.";
        }
    }

    @GetMapping
    String overview(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        var connection = imports.connection(user.tenantId(), id);
        model.addAttribute("connection", connection);
        model.addAttribute("parts", imports.fileParts(connection));
        model.addAttribute("counts", imports.counts(user.tenantId(), id));
        model.addAttribute("history", imports.history(user.tenantId(), id, 30));
        model.addAttribute("profiles", profiles.list(user.tenantId()));
        model.addAttribute("presets", profiles.presets());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/files/overview";
    }

    @PostMapping("/upload")
    @PreAuthorize("hasRole('ADMIN')")
    String upload(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam("file") MultipartFile file,
            @RequestParam(required = false) UUID profileId,
            RedirectAttributes redirect)
            throws java.io.IOException {
        var connection = imports.connection(user.tenantId(), id);
        if (file.isEmpty()
                && (file.getOriginalFilename() == null
                        || file.getOriginalFilename().isBlank())) {
            redirect.addFlashAttribute("error", "Choose a CSV file to import.");
            return "redirect:/psa/files/" + id;
        }
        var upload = uploads.save(user.tenantId(), id, file.getOriginalFilename(), file.getInputStream());
        FileImports.Source source = upload::open;
        var profile = profileId != null
                ? java.util.Optional.of(profiles.get(user.tenantId(), profileId))
                : previews.match(user.tenantId(), imports.fileParts(connection), source);
        if (profile.isEmpty()) {
            redirect.addFlashAttribute("flashKind", "info");
            redirect.addFlashAttribute("flash", "No saved profile fits this file's columns: map them once below.");
            return "redirect:/psa/files/" + id + "/uploads/" + upload.id();
        }
        return importUpload(user, id, upload, profile.get(), redirect);
    }

    private String importUpload(
            CurrentUser user, UUID id, Uploads.Upload upload, ImportProfile profile, RedirectAttributes redirect) {
        try {
            var result = imports.importFile(
                    user.tenantId(), id, profile, upload.fileName(), upload.size(), upload::open, user.email());
            uploads.delete(user.tenantId(), upload.id());
            redirect.addFlashAttribute(
                    "flash",
                    "Imported " + upload.fileName() + " with the profile \"" + profile.name()
                            + "\": " + FileImports.summary(result.record())
                            + (result.record().syncRunId() != null ? ". The snapshot is being refreshed." : "."));
            return "redirect:/psa/files/" + id + "/imports/" + result.record().id();
        } catch (ImportError e) {
            uploads.delete(user.tenantId(), upload.id());
            redirect.addFlashAttribute(
                    "error", upload.fileName() + " was not imported (nothing was changed): " + e.describe());
            return "redirect:/psa/files/" + id;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/psa/files/" + id;
        }
    }

    /** The mapping page: the profile as typed so far (or a first guess), the file's first rows and what is read. */
    @GetMapping("/uploads/{uploadId}")
    @PreAuthorize("hasRole('ADMIN')")
    String mapping(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID uploadId,
            @RequestParam Map<String, String> form,
            Model model) {
        var connection = imports.connection(user.tenantId(), id);
        var upload = uploads.get(user.tenantId(), id, uploadId);
        ImportProfile profile;
        String formProblem = null;
        if (form.containsKey("headerRow")) {
            try {
                profile = fromForm(form);
            } catch (InvalidInputException e) {
                formProblem = e.getMessage();
                profile = FileApiController.guess(upload::open);
            }
        } else {
            profile = FileApiController.guess(upload::open);
        }
        Set<SnapshotPart> parts = imports.fileParts(connection);
        if (!parts.contains(profile.part())) {
            profile = withPart(profile, parts.iterator().next());
        }
        var preview = previews.preview(profile, upload::open);
        model.addAttribute("connection", connection);
        model.addAttribute("upload", upload);
        model.addAttribute("profile", profile);
        model.addAttribute("delimiterName", ImportProfile.delimiterName(profile.delimiter()));
        model.addAttribute("decimalName", String.valueOf(profile.decimalSeparator()));
        model.addAttribute("parts", parts);
        model.addAttribute("fields", FileLayout.FIELDS);
        model.addAttribute("dateFormats", ImportProfile.DATE_FORMATS);
        model.addAttribute("preview", preview);
        model.addAttribute("formProblem", formProblem != null ? formProblem : preview.profileProblem());
        model.addAttribute("name", form.getOrDefault("name", ""));
        return "psa/files/mapping";
    }

    /** The mapping form's Preview: back to the mapping page with what was typed. */
    @PostMapping("/uploads/{uploadId}/preview")
    @PreAuthorize("hasRole('ADMIN')")
    String previewForm(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID uploadId,
            @RequestParam Map<String, String> form) {
        imports.connection(user.tenantId(), id);
        uploads.get(user.tenantId(), id, uploadId);
        return "redirect:" + mappingUrl(id, uploadId, form);
    }

    @PostMapping("/uploads/{uploadId}")
    @PreAuthorize("hasRole('ADMIN')")
    String mapAndImport(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID uploadId,
            @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        imports.connection(user.tenantId(), id);
        var upload = uploads.get(user.tenantId(), id, uploadId);
        ImportProfile profile;
        try {
            profile = fromForm(form).checked();
            if ("true".equals(form.get("save"))) {
                profile = profiles.create(user.tenantId(), profile, user.email());
                redirect.addFlashAttribute("flashKind", "ok");
            }
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:" + mappingUrl(id, uploadId, form);
        }
        return importUpload(user, id, upload, profile, redirect);
    }

    @GetMapping("/imports/{importId}")
    String importDetail(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID importId,
            Model model) {
        var connection = imports.connection(user.tenantId(), id);
        var result =
                imports.find(user.tenantId(), id, importId).orElseThrow(() -> NotFoundException.of("Import", importId));
        model.addAttribute("connection", connection);
        model.addAttribute("record", result.record());
        model.addAttribute("changes", result.changes());
        return "psa/files/import";
    }

    @PostMapping("/profiles/{profileId}/delete")
    @PreAuthorize("hasRole('ADMIN')")
    String deleteProfile(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID profileId,
            RedirectAttributes redirect) {
        imports.connection(user.tenantId(), id);
        var profile = profiles.get(user.tenantId(), profileId);
        profiles.delete(user.tenantId(), profileId, user.email());
        redirect.addFlashAttribute("flash", "Profile \"" + profile.name() + "\" deleted. Imported data stays.");
        return "redirect:/psa/files/" + id;
    }

    /** A profile from the mapping form: {@code col.<field>} inputs hold the header of each field (blank: unmapped). */
    static ImportProfile fromForm(Map<String, String> form) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (String field : FileLayout.FIELDS) {
            String header = form.get("col." + field);
            if (header != null && !header.isBlank()) {
                columns.put(field, header.strip());
            }
        }
        int headerRow;
        try {
            headerRow = Integer.parseInt(form.getOrDefault("headerRow", "1").strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("headerRow", "The header row is a line number from 1 to 100");
        }
        Set<String> inactive = new LinkedHashSet<>(
                Arrays.stream(form.getOrDefault("inactiveValues", "").split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList());
        return new ImportProfile(
                null,
                form.getOrDefault("name", ""),
                ImportProfile.part(form.get("part")),
                headerRow,
                ImportProfile.delimiter(form.get("delimiter")),
                FileEncoding.parse(form.get("encoding")),
                form.getOrDefault("dateFormat", "yyyy-MM-dd"),
                ImportProfile.decimalSeparator(form.get("decimalSeparator")),
                columns,
                inactive,
                null,
                false);
    }

    private static ImportProfile withPart(ImportProfile p, SnapshotPart part) {
        return new ImportProfile(
                p.id(),
                p.name(),
                part,
                p.headerRow(),
                p.delimiter(),
                p.encoding(),
                p.dateFormat(),
                p.decimalSeparator(),
                p.columns(),
                p.inactiveValues(),
                p.source(),
                p.columnsOptional());
    }

    private static String mappingUrl(UUID id, UUID uploadId, Map<String, String> form) {
        var builder = UriComponentsBuilder.fromPath("/psa/files/" + id + "/uploads/" + uploadId);
        form.forEach((k, v) -> {
            if (!k.equals("_csrf") && !k.equals("save") && !k.equals("preview")) {
                builder.queryParam(k, v);
            }
        });
        return builder.encode().build().toUriString();
    }

    static List<String> partNames(Set<SnapshotPart> parts) {
        return parts.stream().map(FileImports::name).toList();
    }
}
