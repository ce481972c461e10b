-- Reconciliation: built periods, lines (stable ids by natural key), the vendor series feeding each line,
-- the history of actions per line, and pending rebuild requests (debounced jobs).

create table reconciliation_period (
    tenant_id   uuid       not null,
    period      varchar(7) not null,
    start_date  date       not null,
    end_date    date       not null,
    built_at    timestamp with time zone,
    primary key (tenant_id, period)
);

create table reconciliation_line (
    id                        uuid primary key,
    tenant_id                 uuid          not null,
    period                    varchar(7)    not null,
    line_key                  varchar(160)  not null,
    active                    boolean       not null,
    integration_id            uuid,
    vendor_account_id         uuid,
    vendor_account_ref        varchar(200),
    vendor_account_name       varchar(300),
    vendor_service_id         uuid,
    vendor_service_ref        varchar(200),
    vendor_service_name       varchar(300),
    series_count              integer       not null,
    psa_company_id            uuid,
    company_name              varchar(300),
    psa_product_id            uuid,
    service_name              varchar(300),
    contract_line_id          uuid,
    contract_line_count       integer       not null,
    target_line_quantity      numeric(19,4),
    other_lines_quantity      numeric(19,4),
    vendor_quantity           numeric(19,4) not null,
    psa_quantity              numeric(19,4),
    quantity_to_write         numeric(19,4),
    difference                numeric(19,4),
    unit_price                numeric(19,4),
    unit_cost                 numeric(19,4),
    revenue_change            numeric(19,4),
    profit_change             numeric(19,4),
    computed_status           varchar(16)   not null,
    status                    varchar(16)   not null,
    decision_vendor_quantity  numeric(19,4),
    decision_psa_quantity     numeric(19,4),
    decided_at                timestamp with time zone,
    decided_by                varchar(320),
    effective_date            date,
    note                      varchar(2000),
    updated_at                timestamp with time zone not null
);
create unique index reconciliation_line_key_uq on reconciliation_line (tenant_id, period, line_key);
create index reconciliation_line_company_idx on reconciliation_line (tenant_id, period, company_name, service_name);
create index reconciliation_line_status_idx on reconciliation_line (tenant_id, period, status, company_name, service_name);
create index reconciliation_line_service_idx on reconciliation_line (tenant_id, period, service_name, company_name);
create index reconciliation_line_psa_company_idx on reconciliation_line (tenant_id, period, psa_company_id);
-- totals of a period (optionally by status) straight from the index, without reading the wide rows
create index reconciliation_line_totals_idx on reconciliation_line (tenant_id, period, status, active, revenue_change, profit_change);

create table reconciliation_line_series (
    tenant_id           uuid          not null,
    line_id             uuid          not null,
    period              varchar(7)    not null,
    integration_id      uuid          not null,
    vendor_account_id   uuid          not null,
    vendor_service_id   uuid          not null,
    vendor_service_ref  varchar(200),
    quantity            numeric(19,4) not null,
    primary key (line_id, vendor_account_id, vendor_service_id)
);
create index reconciliation_line_series_tenant_idx on reconciliation_line_series (tenant_id, period, line_id);
create index reconciliation_line_series_service_idx on reconciliation_line_series (tenant_id, vendor_service_ref, line_id);

create table reconciliation_line_event (
    id              uuid primary key,
    tenant_id       uuid          not null,
    line_id         uuid          not null,
    at              timestamp with time zone not null,
    actor           varchar(320)  not null,
    action          varchar(32)   not null,
    quantity        numeric(19,4),
    effective_date  date,
    detail          varchar(2000)
);
create index reconciliation_line_event_line_idx on reconciliation_line_event (tenant_id, line_id, at);

create table reconciliation_pending (
    id              uuid primary key,
    tenant_id       uuid          not null,
    scope           varchar(16)   not null,
    integration_id  uuid,
    account_id      uuid,
    service_id      uuid,
    first_day       date,
    created_at      timestamp with time zone not null
);
create index reconciliation_pending_tenant_idx on reconciliation_pending (tenant_id, created_at);
