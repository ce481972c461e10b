package com.trueup.integration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The Vendor API's JSON shapes, field for field as Gradient's published schema names them. Generated clients reject
 * properties they do not know, so every record carries exactly these fields (null where unknown) and nothing else.
 */
final class VendorApiModels {

    private VendorApiModels() {}

    /** {@code {status, data, message}}: GetVendorResponse, UpdateVendorResponse, GetServiceResponse, status update. */
    @JsonPropertyOrder({"status", "data", "message"})
    record Envelope<T>(int status, T data, String message) {}

    /** ResponseDto: {@code {status, message}}. */
    @JsonPropertyOrder({"status", "message"})
    record ResponseDto(int status, String message) {}

    @JsonPropertyOrder({
        "_id",
        "id",
        "name",
        "description",
        "integrationType",
        "imageUri",
        "skus",
        "isDistributor",
        "integrationPortalUrl",
        "vendorSupportPageUrl",
        "externalIntegrationStatus",
        "mappingResponsibilities",
        "modules",
        "organizationId",
        "updatedAt",
        "createdAt"
    })
    record VendorData(
            @JsonProperty("_id") String objectId,
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("integrationType") String integrationType,
            @JsonProperty("imageUri") String imageUri,
            @JsonProperty("skus") List<VendorSkuData> skus,
            @JsonProperty("isDistributor") boolean isDistributor,
            @JsonProperty("integrationPortalUrl") String integrationPortalUrl,
            @JsonProperty("vendorSupportPageUrl") String vendorSupportPageUrl,
            @JsonProperty("externalIntegrationStatus") String externalIntegrationStatus,
            @JsonProperty("mappingResponsibilities") List<String> mappingResponsibilities,
            @JsonProperty("modules") List<VendorModule> modules,
            @JsonProperty("organizationId") String organizationId,
            @JsonProperty("updatedAt") Instant updatedAt,
            @JsonProperty("createdAt") Instant createdAt) {}

    record VendorModule(String variation) {}

    @JsonPropertyOrder({
        "_id",
        "id",
        "name",
        "description",
        "logo",
        "category",
        "subcategory",
        "supportArticle",
        "supportContact"
    })
    record VendorSkuData(
            @JsonProperty("_id") String objectId,
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("logo") String logo,
            @JsonProperty("category") String category,
            @JsonProperty("subcategory") String subcategory,
            @JsonProperty("supportArticle") String supportArticle,
            @JsonProperty("supportContact") String supportContact) {

        static VendorSkuData of(VendorCatalog.Service s) {
            return new VendorSkuData(
                    s.externalId(),
                    s.externalId(),
                    s.name(),
                    s.description(),
                    null,
                    s.category(),
                    s.subcategory(),
                    s.supportArticle(),
                    s.supportContact());
        }
    }

    @JsonPropertyOrder({"organizationId", "name", "vendorId", "vendorName", "integrationId", "status", "lastSyncedAt"})
    record IntegrationData(
            String organizationId,
            String name,
            String vendorId,
            String vendorName,
            String integrationId,
            String status,
            Instant lastSyncedAt) {}

    /** An account or service as listed and created on /organization/accounts and /organization/services. */
    @JsonPropertyOrder({"id", "name", "description"})
    record MappingItem(String id, String name, String description) {}

    @JsonPropertyOrder({"meta", "clients"})
    record ClientsPage(ClientsMeta meta, List<MappingItem> clients) {}

    /** Cursor paging: pass {@code lastId} as {@code previousId} for the next page; null when this is the last page. */
    @JsonPropertyOrder({"total", "pageSize", "previousId", "lastId"})
    record ClientsMeta(long total, int pageSize, String previousId, String lastId) {}

    @JsonPropertyOrder({"messageId", "alertId", "correlationID"})
    record AlertCreated(
            @JsonProperty("messageId") String messageId,
            @JsonProperty("alertId") String alertId,
            @JsonProperty("correlationID") String correlationId) {}

    @JsonPropertyOrder({"ticketId", "createdAt", "status", "statusCode", "errors"})
    record AlertStatus(String ticketId, Instant createdAt, String status, Integer statusCode, List<String> errors) {}
}
