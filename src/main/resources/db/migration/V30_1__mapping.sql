-- Mapping: vendor accounts -> PSA companies, vendor services -> PSA products (bundles), exclusions,
-- auto-mapping blocks and the "finished" state per vendor integration.
-- Vendor ids are TrueUp's ids of the vendor module's accounts / services; PSA ids are TrueUp's ids of the
-- PSA snapshot, kept together with the PSA's own id so a mapping survives a snapshot that re-issued ids.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

-- One row per mapped or excluded vendor account; an unmapped account has no row.
create table account_mapping (
    tenant_id              uuid         not null,
    integration_id         uuid         not null,
    vendor_account_id      uuid         not null,
    excluded               boolean      not null,
    psa_connection_id      uuid,
    psa_company_id         uuid,
    psa_company_external_id varchar(200),
    auto                   boolean      not null,
    mapped_by              varchar(320) not null,
    mapped_at              timestamp with time zone not null,
    constraint account_mapping_pk primary key (tenant_id, vendor_account_id),
    constraint account_mapping_target_ck check (excluded or psa_company_id is not null)
);
create index account_mapping_integration_idx on account_mapping (tenant_id, integration_id);
create index account_mapping_company_idx on account_mapping (tenant_id, psa_company_id);

-- One row per mapped or excluded vendor service; the products of a mapped service are in service_mapping_product.
create table service_mapping (
    tenant_id          uuid         not null,
    integration_id     uuid         not null,
    vendor_service_id  uuid         not null,
    excluded           boolean      not null,
    psa_connection_id  uuid,
    auto               boolean      not null,
    mapped_by          varchar(320) not null,
    mapped_at          timestamp with time zone not null,
    constraint service_mapping_pk primary key (tenant_id, vendor_service_id)
);
create index service_mapping_integration_idx on service_mapping (tenant_id, integration_id);

-- The PSA products of a mapped service: one (single product) or several (a bundle).
create table service_mapping_product (
    tenant_id               uuid         not null,
    integration_id          uuid         not null,
    vendor_service_id       uuid         not null,
    psa_product_id          uuid         not null,
    psa_product_external_id varchar(200) not null,
    sort_order              integer      not null,
    constraint service_mapping_product_pk primary key (tenant_id, vendor_service_id, psa_product_id)
);
create index service_mapping_product_integration_idx on service_mapping_product (tenant_id, integration_id);

-- Vendor items a user unmapped or included again: auto-mapping never maps them on its own afterwards,
-- so it never undoes a person's decision. Cleared when the integration is disconnected.
create table mapping_auto_block (
    tenant_id       uuid         not null,
    integration_id  uuid         not null,
    item_kind       varchar(16)  not null,
    vendor_item_id  uuid         not null,
    blocked_by      varchar(320) not null,
    blocked_at      timestamp with time zone not null,
    constraint mapping_auto_block_pk primary key (tenant_id, item_kind, vendor_item_id)
);
create index mapping_auto_block_integration_idx on mapping_auto_block (tenant_id, integration_id);

-- When the mapping of an integration was last finished (a sync was started from it).
create table mapping_finish (
    tenant_id       uuid         not null,
    integration_id  uuid         not null,
    finished_by     varchar(320) not null,
    finished_at     timestamp with time zone not null,
    sync_run_id     uuid,
    constraint mapping_finish_pk primary key (tenant_id, integration_id)
);
