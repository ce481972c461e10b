-- Vendor module: integrations, their Vendor API token hashes, vendor accounts and services, and the usage store
-- (daily counts of a step function plus per-month aggregates). Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table vendor_integration (
    id                  uuid          primary key,
    tenant_id           uuid          not null,
    vendor              varchar(16)   not null,   -- keeper | custom
    name                varchar(200)  not null,
    status              varchar(16)   not null,   -- pending | active | inactive | disabled | error | disconnected
    vendor_id           uuid          not null,   -- the vendor's _id on the Vendor API
    vendor_name         varchar(200),             -- the name the vendor gives itself (PATCH /api/vendor-api)
    vendor_description  varchar(2000),
    support_page_url    varchar(1000),
    portal_url          varchar(1000),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    last_synced_at      timestamp with time zone,
    token_issued_at     timestamp with time zone,
    disconnected_at     timestamp with time zone
);
create index vendor_integration_tenant_idx on vendor_integration (tenant_id, created_at);

-- One token per integration. Both halves of the GRADIENT-TOKEN are secrets TrueUp issued: only SHA-256 hashes are
-- kept. The row of a disconnected integration stays (so its token is answered with 403), a regenerated token
-- replaces the row (the old token is unknown at once: 401).
create table vendor_token (
    integration_id    uuid         primary key,
    tenant_id         uuid         not null,
    vendor_key_hash   varchar(64)  not null,
    partner_key_hash  varchar(64)  not null,
    created_at        timestamp with time zone not null,
    constraint vendor_token_partner_uq unique (partner_key_hash)
);
create index vendor_token_tenant_idx on vendor_token (tenant_id);

create table vendor_account (
    id              uuid           primary key,
    tenant_id       uuid           not null,
    integration_id  uuid           not null,
    external_id     varchar(255)   not null,      -- the vendor's own account id
    name            varchar(500)   not null,
    description     varchar(2000),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    constraint vendor_account_external_uq unique (tenant_id, integration_id, external_id)
);

create table vendor_service (
    id               uuid           primary key,
    tenant_id        uuid           not null,
    integration_id   uuid           not null,
    external_id      varchar(255)   not null,     -- the _id issued on the Vendor API (or the vendor's own id)
    name             varchar(500)   not null,
    description      varchar(2000),
    category         varchar(64),
    subcategory      varchar(128),
    support_article  varchar(2000),
    support_contact  varchar(500),
    counting_mode    varchar(16)    not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint vendor_service_external_uq unique (tenant_id, integration_id, external_id),
    constraint vendor_service_name_uq unique (tenant_id, integration_id, name)
);

-- One row per (integration, account, service) that ever received a count.
create table vendor_usage_series (
    id              uuid           primary key,
    tenant_id       uuid           not null,
    integration_id  uuid           not null,
    account_id      uuid           not null,
    service_id      uuid           not null,
    first_day       date           not null,      -- the day of the first count: days before it count 0
    last_month      date           not null,      -- first day of the latest month with a count
    last_closing    numeric(19,4)  not null,      -- the count in force at the end of last_month (carries on)
    changed_at      timestamp with time zone not null,
    constraint vendor_usage_series_uq unique (tenant_id, integration_id, account_id, service_id)
);

-- The counts as posted: one row per series and day, the last count of a day wins.
create table vendor_usage_day (
    tenant_id  uuid           not null,
    series_id  uuid           not null,
    count_day  date           not null,
    quantity   numeric(19,4)  not null,
    primary key (tenant_id, series_id, count_day)
);

-- Per series and calendar month with at least one count: the step function of that month (opening = the count
-- in force before its first count, days = its daily counts "day:quantity,..."), and its sum over all days,
-- peak and closing. Kept up to date as counts arrive, so reading the usage of a period never scans daily rows.
create table vendor_usage_month (
    tenant_id  uuid           not null,
    series_id  uuid           not null,
    month_start date          not null,
    opening    numeric(19,4)  not null,
    total      numeric(24,4)  not null,
    peak       numeric(19,4)  not null,
    closing    numeric(19,4)  not null,
    days       varchar(1024)  not null,
    primary key (tenant_id, series_id, month_start)
);
create index vendor_usage_month_period_idx on vendor_usage_month (tenant_id, month_start);

-- Alerts vendors push through the Vendor API (stored; TrueUp does not open PSA tickets from them).
create table vendor_alert (
    id              uuid           primary key,
    tenant_id       uuid           not null,
    integration_id  uuid           not null,
    account_id      uuid           not null,
    message_id      varchar(64)    not null,
    alert_id        varchar(255),
    correlation_id  varchar(64)    not null,
    title           varchar(500),
    description     varchar(4000),
    priority        integer,
    status          varchar(64),
    due_date_time   varchar(64),
    service_id      varchar(255),
    created_at      timestamp with time zone not null,
    constraint vendor_alert_message_uq unique (tenant_id, integration_id, message_id)
);
