package com.trueup.notification;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → Notifications: your e-mails, the webhooks, the organisation's digest settings, recent deliveries. */
@Controller
class NotificationPageController {

    private static final String PAGE = "redirect:/settings/notifications";

    private final Subscriptions subscriptions;
    private final Channels channels;
    private final NotificationStore store;
    private final TenantCalendar calendar;

    NotificationPageController(
            Subscriptions subscriptions, Channels channels, NotificationStore store, TenantCalendar calendar) {
        this.subscriptions = subscriptions;
        this.channels = channels;
        this.store = store;
        this.calendar = calendar;
    }

    @GetMapping("/settings/notifications")
    String page(@AuthenticationPrincipal CurrentUser user, Model model) {
        UUID tenantId = user.tenantId();
        model.addAttribute("types", NoticeType.choosable());
        model.addAttribute("mine", subscriptions.preferences(user));
        model.addAttribute("emailConfigured", channels.mailConfigured());
        model.addAttribute("webhooks", subscriptions.webhooks(tenantId));
        model.addAttribute("settings", subscriptions.settings(tenantId));
        model.addAttribute("deliveries", store.deliveries(tenantId, null, 0, 20).items());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        model.addAttribute("zone", calendar.zone(tenantId));
        model.addAttribute(
                "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
        return "notification/index";
    }

    @PostMapping("/settings/notifications/preferences")
    String preferences(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) List<String> events,
            RedirectAttributes redirect) {
        return act(redirect, () -> {
            subscriptions.setPreferences(user, events == null ? List.of() : events);
            return "Your e-mail choices are saved.";
        });
    }

    @PostMapping("/settings/notifications/preferences/test")
    String testEmail(@AuthenticationPrincipal CurrentUser user, RedirectAttributes redirect) {
        return result(redirect, subscriptions.testEmail(user), "A test e-mail went to " + user.email() + ".");
    }

    @PostMapping("/settings/notifications/webhooks")
    @PreAuthorize("hasRole('ADMIN')")
    String createWebhook(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String name,
            @RequestParam String format,
            @RequestParam String url,
            @RequestParam(required = false) List<String> events,
            RedirectAttributes redirect) {
        return act(redirect, () -> {
            var created =
                    subscriptions.createWebhook(user, name, format, url, events == null ? List.of() : events, true);
            if (created.signingSecret() != null) {
                redirect.addFlashAttribute("signingSecret", created.signingSecret());
            }
            return "Webhook \"" + created.webhook().name() + "\" added. Send it a test to check it.";
        });
    }

    @PostMapping("/settings/notifications/webhooks/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateWebhook(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) List<String> events,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        return act(
                redirect,
                () -> "Webhook \""
                        + subscriptions
                                .updateWebhook(user, id, null, null, events == null ? List.of() : events, enabled)
                                .name()
                        + "\" saved.");
    }

    @PostMapping("/settings/notifications/webhooks/{id}/test")
    @PreAuthorize("hasRole('ADMIN')")
    String testWebhook(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        try {
            return result(redirect, subscriptions.testWebhook(user, id), "The test message was delivered.");
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return PAGE;
        }
    }

    @PostMapping("/settings/notifications/webhooks/{id}/delete")
    @PreAuthorize("hasRole('ADMIN')")
    String deleteWebhook(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(redirect, () -> {
            subscriptions.deleteWebhook(user, id);
            return "Webhook deleted.";
        });
    }

    @PostMapping("/settings/notifications/settings")
    @PreAuthorize("hasRole('ADMIN')")
    String settings(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String digestTime,
            @RequestParam String weeklyDigestDay,
            @RequestParam String vendorSilentDays,
            RedirectAttributes redirect) {
        return act(redirect, () -> {
            int days;
            try {
                days = Integer.parseInt(vendorSilentDays.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("vendorSilentDays", "vendorSilentDays must be a whole number of days");
            }
            subscriptions.setSettings(user, digestTime, weeklyDigestDay, days);
            return "Notification settings saved.";
        });
    }

    private static String result(RedirectAttributes redirect, Channels.Outcome outcome, String success) {
        if (outcome.sent()) {
            redirect.addFlashAttribute("flash", success);
        } else {
            redirect.addFlashAttribute("error", "The test message was not delivered: " + outcome.error());
        }
        return PAGE;
    }

    /** Runs a form's action; a refusal comes back at the top of the page and under the field it names. */
    private static String act(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            if (e.field() != null) {
                redirect.addFlashAttribute("errorField", e.field());
            }
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return PAGE;
    }
}
