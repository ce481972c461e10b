package com.trueup.integration;

import com.trueup.integration.store.CountListings;
import com.trueup.integration.store.UsageQuantities;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InstanceSettings;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Integrations pages: vendor cards and the connect flow, one page per integration, CSV import of usage. */
@Controller
class IntegrationsPageController {

    private final Integrations integrations;
    private final IntegrationSummaries summaries;
    private final VendorCatalog catalog;
    private final UsageQuantities usage;
    private final CountListings counts;
    private final BulkUsageImport bulk;
    private final TenantCalendar calendar;
    private final String publicUrl;

    IntegrationsPageController(
            Integrations integrations,
            IntegrationSummaries summaries,
            VendorCatalog catalog,
            UsageQuantities usage,
            CountListings counts,
            BulkUsageImport bulk,
            TenantCalendar calendar,
            InstanceSettings instance) {
        this.integrations = integrations;
        this.summaries = summaries;
        this.catalog = catalog;
        this.usage = usage;
        this.counts = counts;
        this.bulk = bulk;
        this.calendar = calendar;
        this.publicUrl = instance.publicUrl();
    }

    @GetMapping("/integrations")
    String index(@AuthenticationPrincipal CurrentUser user, Model model) {
        List<IntegrationSummaries.Summary> all = summaries.list(user.tenantId(), true);
        model.addAttribute(
                "connected",
                all.stream().filter(s -> s.integration().connected()).toList());
        model.addAttribute(
                "disconnected",
                all.stream().filter(s -> !s.integration().connected()).toList());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "integration/index";
    }

    @GetMapping("/integrations/connect")
    @PreAuthorize("hasRole('ADMIN')")
    String connectForm(@RequestParam(defaultValue = "keeper") String vendor, Model model) {
        if (!"keeper".equals(vendor) && !"custom".equals(vendor)) {
            throw new NotFoundException("No vendor card " + vendor);
        }
        model.addAttribute("vendor", vendor);
        return "integration/connect";
    }

    @PostMapping("/integrations/connect")
    @PreAuthorize("hasRole('ADMIN')")
    String connect(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String vendor,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String modules,
            RedirectAttributes redirect) {
        if (!"billing".equals(modules)) {
            redirect.addFlashAttribute("error", "Choose \"Billing only\" to connect.");
            return "redirect:/integrations/connect?vendor=" + ("custom".equals(vendor) ? "custom" : "keeper");
        }
        Integrations.Integration created;
        try {
            created = integrations.create(user.tenantId(), vendor, name, user.email());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/integrations/connect?vendor=" + ("custom".equals(vendor) ? "custom" : "keeper");
        }
        VendorTokens.IssuedToken issued = integrations.issueToken(user.tenantId(), created.id(), user.email());
        redirect.addFlashAttribute("issuedToken", shown(issued));
        redirect.addFlashAttribute(
                "flash", created.name() + " connected. Copy the API token now: it is shown only once.");
        return "redirect:/integrations/" + created.id();
    }

    private ShownToken shown(VendorTokens.IssuedToken issued) {
        return new ShownToken(
                issued.token(),
                issued.vendorKey(),
                issued.partnerKey(),
                IntegrationsApiController.vendorApiUrl(publicUrl));
    }

    @GetMapping("/integrations/{id}")
    String detail(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        IntegrationSummaries.Summary summary = summaries.get(user.tenantId(), id);
        Map<UUID, MappingLookup.MappingSummary> accountMappings = summaries.accountMappings(user.tenantId(), id);
        Map<UUID, MappingLookup.MappingSummary> serviceMappings = summaries.serviceMappings(user.tenantId(), id);
        List<VendorCatalog.Account> accounts = catalog.accounts(user.tenantId(), id);
        List<VendorCatalog.Service> services = catalog.services(user.tenantId(), id);
        model.addAttribute("summary", summary);
        model.addAttribute("integration", summary.integration());
        model.addAttribute(
                "accounts",
                accounts.stream()
                        .map(a ->
                                new AccountRow(a.externalId(), a.name(), a.description(), accountMappings.get(a.id())))
                        .toList());
        model.addAttribute(
                "services",
                services.stream()
                        .map(s -> new ServiceRow(
                                s.externalId(),
                                s.name(),
                                s.category(),
                                s.subcategory(),
                                s.countingMode(),
                                serviceMappings.get(s.id())))
                        .toList());
        model.addAttribute("usageRows", usageRows(user.tenantId(), id, accounts, services));
        model.addAttribute("countingModes", CountingMode.values());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        model.addAttribute("baseUrl", IntegrationsApiController.vendorApiUrl(publicUrl));
        model.addAttribute("monthStart", calendar.today(user.tenantId()).withDayOfMonth(1));
        return "integration/detail";
    }

    private List<UsageRow> usageRows(
            UUID tenantId, UUID id, List<VendorCatalog.Account> accounts, List<VendorCatalog.Service> services) {
        Map<UUID, VendorCatalog.Account> accountById = new HashMap<>();
        accounts.forEach(a -> accountById.put(a.id(), a));
        Map<UUID, VendorCatalog.Service> serviceById = new HashMap<>();
        services.forEach(s -> serviceById.put(s.id(), s));
        LocalDate today = calendar.today(tenantId);
        Map<String, UsageQuantity> monthToDate = new HashMap<>();
        for (UsageQuantity q : usage.usage(tenantId, id, today.withDayOfMonth(1), today.plusDays(1), false)) {
            monthToDate.put(q.accountId() + "/" + q.serviceId(), q);
        }
        List<UsageRow> rows = new ArrayList<>();
        for (CountListings.CurrentCount c : counts.currentCounts(tenantId, id, 500)) {
            VendorCatalog.Account a = accountById.get(c.accountId());
            VendorCatalog.Service s = serviceById.get(c.serviceId());
            if (a == null || s == null) {
                continue;
            }
            UsageQuantity q = monthToDate.get(c.accountId() + "/" + c.serviceId());
            rows.add(new UsageRow(
                    a.name(),
                    a.externalId(),
                    s.name(),
                    c.count(),
                    c.firstDay(),
                    s.countingMode(),
                    q == null ? null : q.quantity(s.countingMode())));
        }
        rows.sort(Comparator.comparing(UsageRow::accountName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(UsageRow::serviceName));
        return rows;
    }

    @PostMapping("/integrations/{id}/token")
    @PreAuthorize("hasRole('ADMIN')")
    String regenerate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        boolean reconnect = !integrations.get(user.tenantId(), id).connected();
        VendorTokens.IssuedToken issued = integrations.issueToken(user.tenantId(), id, user.email());
        redirect.addFlashAttribute("issuedToken", shown(issued));
        redirect.addFlashAttribute(
                "flash",
                reconnect
                        ? "Reconnected. Paste the new token in the vendor's console; mapping starts again."
                        : "New token generated; the previous token stopped working. Copy it now: it is shown only once.");
        return "redirect:/integrations/" + id;
    }

    @PostMapping("/integrations/{id}/disconnect")
    @PreAuthorize("hasRole('ADMIN')")
    String disconnect(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        Integrations.Integration integration = integrations.get(user.tenantId(), id);
        integrations.disconnect(user.tenantId(), id, user.email());
        redirect.addFlashAttribute(
                "flash",
                integration.name()
                        + " disconnected: its token no longer works and its mappings were removed. Usage history is kept.");
        return "redirect:/integrations";
    }

    @PostMapping("/integrations/{id}/services/{serviceId}/counting-mode")
    @PreAuthorize("hasRole('ADMIN')")
    String countingMode(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable String serviceId,
            @RequestParam String countingMode,
            RedirectAttributes redirect) {
        try {
            VendorCatalog.Service s =
                    catalog.setCountingMode(user.tenantId(), id, serviceId, countingMode, user.email());
            redirect.addFlashAttribute("flash", s.name() + " now bills by " + label(s.countingMode()) + ".");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/integrations/" + id + "#services";
    }

    static String label(CountingMode mode) {
        return switch (mode) {
            case DAILY_AVERAGE -> "daily average";
            case LATEST -> "latest count";
            case PEAK -> "peak count";
        };
    }

    @PostMapping("/integrations/{id}/usage/csv")
    @PreAuthorize("hasRole('ADMIN')")
    String uploadCsv(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(name = "file", required = false) MultipartFile file,
            RedirectAttributes redirect) {
        integrations.get(user.tenantId(), id);
        if (file == null || file.isEmpty()) {
            redirect.addFlashAttribute("error", "Choose a CSV file to upload.");
            return "redirect:/integrations/" + id + "#import";
        }
        String fileName = file.getOriginalFilename() == null ? "upload.csv" : file.getOriginalFilename();
        try {
            int accepted = bulk.importCsv(
                    user.tenantId(),
                    id,
                    new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8),
                    user.email(),
                    "CSV upload " + fileName);
            redirect.addFlashAttribute("flash", "Imported " + accepted + " row(s) from " + fileName + ".");
        } catch (BulkUsageImport.InvalidRecords e) {
            int shown = Math.min(e.errors.size(), 200);
            redirect.addFlashAttribute(
                    "csvReport",
                    new CsvReport(
                            fileName,
                            e.invalid,
                            e.total,
                            List.copyOf(e.errors.subList(0, shown)),
                            e.invalid > shown || e.errors.size() > shown));
            redirect.addFlashAttribute(
                    "error",
                    e.invalid + " of " + e.total + " rows of " + fileName
                            + " have problems; nothing was imported. Fix the rows listed below and upload the file again.");
        } catch (BulkUsageImport.UnreadableRecords | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            redirect.addFlashAttribute("error", "The file could not be read: " + e.getMessage());
        }
        return "redirect:/integrations/" + id + "#import";
    }
}
