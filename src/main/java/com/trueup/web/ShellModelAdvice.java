package com.trueup.web;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.NavigationBadge;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/** Adds the navigation, the signed-in user and badge counts to every server-rendered page. */
@ControllerAdvice(annotations = Controller.class)
class ShellModelAdvice {

    private static final Logger log = LoggerFactory.getLogger(ShellModelAdvice.class);

    static final List<NavItem> NAV = List.of(
            new NavItem("integrations", "Integrations", "/integrations"),
            new NavItem("psa", "PSA", "/psa"),
            new NavItem("mapping", "Mapping", "/mapping"),
            new NavItem("reconcile", "Reconcile", "/reconcile"),
            new NavItem("insights", "Insights", "/insights"),
            new NavItem("audit", "Audit log", "/audit"),
            new NavItem("settings", "Settings", "/settings"));

    private final List<NavigationBadge> badges;

    ShellModelAdvice(List<NavigationBadge> badges) {
        this.badges = badges;
    }

    @ModelAttribute
    void shell(
            @AuthenticationPrincipal CurrentUser user, HttpServletRequest request, org.springframework.ui.Model model) {
        Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
        if (handler instanceof org.springframework.web.method.HandlerMethod hm
                && hm.getBeanType().isAnnotationPresent(RestController.class)) {
            return;
        }
        model.addAttribute("navItems", NAV);
        model.addAttribute("activeNav", activeNav(request.getRequestURI()));
        if (user != null) {
            model.addAttribute("currentUser", user);
            Map<String, Long> counts = new HashMap<>();
            for (NavigationBadge badge : badges) {
                try {
                    counts.merge(badge.navKey(), badge.count(user.tenantId()), Long::sum);
                } catch (RuntimeException e) {
                    log.warn("Navigation badge {} failed: {}", badge.navKey(), e.toString());
                }
            }
            model.addAttribute("navBadges", counts);
        }
    }

    static String activeNav(String uri) {
        if (uri.startsWith("/write-backs")) {
            return "reconcile";
        }
        for (NavItem item : NAV) {
            if (uri.equals(item.href()) || uri.startsWith(item.href() + "/")) {
                return item.key();
            }
        }
        return "home";
    }
}
