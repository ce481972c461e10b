package com.trueup.integration;

import com.trueup.integration.VendorApiModels.ResponseDto;
import com.trueup.integration.store.UsageRecord;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/vendor-api/service/{serviceId}/count}: checks the count, finds the service and account, and waits
 * until the count is committed. Bad input throws {@link com.trueup.shared.InvalidInputException} (400) or
 * {@link NotFoundException} (404); a full queue {@link CountIngestion.Busy} (503).
 */
@Component
class CountRequests {

    private final VendorCatalog catalog;
    private final CountIngestion ingestion;
    private final TenantCalendar calendar;
    private final JsonMapper json;

    /** Counts arrive many a second: zones are remembered a while (a changed zone applies to counts after that). */
    CountRequests(
            VendorCatalog catalog,
            CountIngestion ingestion,
            TenantCalendar calendar,
            IntegrationSettings settings,
            JsonMapper json) {
        this.catalog = catalog;
        this.ingestion = ingestion;
        this.calendar = calendar.cachingZones(settings.zoneCacheExpiry(), settings.zoneCacheSize());
        this.json = json;
    }

    /** The HTTP status and body to answer. */
    record Answer(int status, ResponseDto body) {}

    Answer record(VendorTokens.VendorCaller caller, String serviceId, String noBuild, String date, byte[] body) {
        VendorJson.flag(
                "no_build", noBuild, false); // checked for Gradient compatibility; rebuilds are debounced either way
        JsonNode node = VendorJson.object(json, body);
        String accountId = VendorJson.id(node, "accountId");
        BigDecimal unitCount = VendorJson.unitCount(node.get("unitCount"));
        LocalDate day = date == null || date.isBlank()
                ? calendar.today(caller.tenantId())
                : calendar.checkedDate(caller.tenantId(), "date", date);
        UUID service = catalog.serviceId(caller.tenantId(), caller.integrationId(), serviceId)
                .orElseThrow(() -> new NotFoundException("No service found with id: " + serviceId
                        + ". Create it with POST /api/vendor-api/service and use the _id from data.skus."));
        UUID account = catalog.accountId(caller.tenantId(), caller.integrationId(), accountId)
                .orElseThrow(() -> new NotFoundException("No account found with id: " + accountId
                        + ". Create it first with POST /api/vendor-api/organization/accounts."));
        CountIngestion.Outcome outcome = await(ingestion.submit(
                caller, new UsageRecord(caller.tenantId(), caller.integrationId(), account, service, day, unitCount)));
        if (outcome == CountIngestion.Outcome.TOKEN_REVOKED) {
            return new Answer(
                    403,
                    new ResponseDto(
                            403,
                            "The token of this integration was revoked or disconnected; the count was not stored."));
        }
        return new Answer(201, new ResponseDto(201, "Count recorded for " + day));
    }

    private static CountIngestion.Outcome await(CompletableFuture<CountIngestion.Outcome> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountIngestion.Busy();
        } catch (TimeoutException e) {
            throw new CountIngestion.Busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
