package com.trueup.integration;

import com.trueup.shared.InvalidInputException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alerts vendors push on the Vendor API's alerting endpoints. TrueUp stores them so well-behaved alerting clients
 * keep working, but opens no PSA tickets: their status stays {@code pending} and they carry no ticket id.
 */
@Service
class VendorAlerts {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final VendorTokens tokens;

    VendorAlerts(JdbcClient jdbc, Clock clock, VendorTokens tokens) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tokens = tokens;
    }

    record AlertInput(
            String title,
            String description,
            String alertId,
            Integer priority,
            String status,
            String dueDateTime,
            String serviceId) {}

    record StoredAlert(String messageId, String alertId, String correlationId, Instant createdAt) {}

    @Transactional
    StoredAlert store(VendorTokens.VendorCaller caller, UUID accountId, AlertInput input) {
        tokens.requireValid(caller);
        if (input.priority() != null && (input.priority() < 1 || input.priority() > 4)) {
            throw new InvalidInputException("priority", "priority must be 1, 2, 3 or 4 (got " + input.priority() + ")");
        }
        String title = VendorCatalog.checkedText("title", input.title(), 500, true);
        String messageId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into vendor_alert (id, tenant_id, integration_id, account_id, message_id, alert_id, correlation_id, title,
                  description, priority, status, due_date_time, service_id, created_at)
                values (:id, :tenant, :integration, :account, :message, :alert, :correlation, :title, :description, :priority,
                  :status, :due, :service, :at)""")
                .param("id", UUID.randomUUID())
                .param("tenant", caller.tenantId())
                .param("integration", caller.integrationId())
                .param("account", accountId)
                .param("message", messageId)
                .param("alert", VendorCatalog.checkedText("alertId", input.alertId(), 255, false))
                .param("correlation", correlationId)
                .param("title", title)
                .param("description", VendorCatalog.checkedText("description", input.description(), 4000, false))
                .param("priority", input.priority())
                .param("status", VendorCatalog.checkedText("status", input.status(), 64, false))
                .param("due", VendorCatalog.checkedText("dueDateTime", input.dueDateTime(), 64, false))
                .param("service", VendorCatalog.checkedText("serviceId", input.serviceId(), 255, false))
                .param("at", Timestamp.from(now))
                .update();
        return new StoredAlert(messageId, input.alertId(), correlationId, now);
    }

    Optional<StoredAlert> find(VendorTokens.VendorCaller caller, String messageId) {
        return jdbc.sql("""
                select message_id, alert_id, correlation_id, created_at from vendor_alert
                where tenant_id = :tenant and integration_id = :integration and message_id = :message""")
                .param("tenant", caller.tenantId())
                .param("integration", caller.integrationId())
                .param("message", messageId)
                .query((rs, n) -> new StoredAlert(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }
}
