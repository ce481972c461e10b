-- PSA module: connections (credentials encrypted), sync runs and TrueUp's snapshot of the PSA.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table psa_connection (
    id                      uuid primary key,
    tenant_id               uuid          not null references organisation (id),
    type                    varchar(32)   not null,
    name                    varchar(200)  not null,
    base_url                varchar(500),
    -- AES-256-GCM: version byte, 96-bit random nonce, ciphertext and tag of a JSON object; see CredentialCipher.
    credentials             bytea         not null,
    -- Names (never values) of the credential fields that are set, comma separated, to show "set" without decrypting.
    credential_names        varchar(500)  not null,
    rounding_mode           varchar(16)   not null,
    default_effective_date  varchar(32)   not null,
    -- Further settings the connector reads (JSON object of strings), e.g. billable contract types.
    settings                varchar(4000) not null,
    is_primary              boolean       not null,
    status                  varchar(16)   not null,
    status_message          varchar(1000),
    -- The queued or running sync run; set with a compare-and-set so concurrent requests coalesce.
    active_sync_run_id      uuid,
    last_synced_at          timestamp with time zone,
    created_at              timestamp with time zone not null,
    updated_at              timestamp with time zone not null
);
create index psa_connection_tenant_idx on psa_connection (tenant_id, created_at);

create table psa_sync_run (
    id              uuid primary key,
    tenant_id       uuid         not null,
    connection_id   uuid         not null references psa_connection (id) on delete cascade,
    status          varchar(16)  not null,
    requested_by    varchar(320) not null,
    requested_at    timestamp with time zone not null,
    started_at      timestamp with time zone,
    finished_at     timestamp with time zone,
    companies       integer,
    products        integer,
    contracts       integer,
    lines           integer,
    billable_lines  integer,
    error           varchar(2000)
);
create index psa_sync_run_connection_idx on psa_sync_run (tenant_id, connection_id, requested_at);
create index psa_sync_run_status_idx on psa_sync_run (tenant_id, status);

-- The snapshot. TrueUp ids stay stable across syncs (rows are matched by the PSA's external id), so mappings and
-- reconciliation lines keep pointing at the same company, product and line. Rows the PSA no longer returns are
-- flagged removed, not deleted.
create table psa_company (
    id            uuid primary key,
    tenant_id     uuid         not null,
    connection_id uuid         not null references psa_connection (id) on delete cascade,
    external_id   varchar(100) not null,
    name          varchar(300) not null,
    billable      boolean      not null,
    removed       boolean      not null,
    seen_run_id   uuid         not null,
    constraint psa_company_external_uq unique (tenant_id, connection_id, external_id)
);

create table psa_product (
    id            uuid primary key,
    tenant_id     uuid          not null,
    connection_id uuid          not null references psa_connection (id) on delete cascade,
    external_id   varchar(100)  not null,
    identifier    varchar(200),
    name          varchar(300)  not null,
    unit_price    numeric(19,4),
    unit_cost     numeric(19,4),
    removed       boolean       not null,
    seen_run_id   uuid          not null,
    constraint psa_product_external_uq unique (tenant_id, connection_id, external_id)
);

create table psa_contract (
    id                  uuid primary key,
    tenant_id           uuid         not null,
    connection_id       uuid         not null references psa_connection (id) on delete cascade,
    external_id         varchar(100) not null,
    company_external_id varchar(100),
    company_id          uuid,
    name                varchar(300) not null,
    billable            boolean      not null,
    removed             boolean      not null,
    seen_run_id         uuid         not null,
    constraint psa_contract_external_uq unique (tenant_id, connection_id, external_id)
);
create index psa_contract_company_idx on psa_contract (tenant_id, company_id);

create table psa_contract_line (
    id                   uuid primary key,
    tenant_id            uuid          not null,
    connection_id        uuid          not null references psa_connection (id) on delete cascade,
    external_id          varchar(100)  not null,
    contract_external_id varchar(100),
    company_external_id  varchar(100),
    product_external_id  varchar(100),
    contract_id          uuid,
    company_id           uuid,
    product_id           uuid,
    quantity             numeric(19,4) not null,
    unit_price           numeric(19,4),
    unit_cost            numeric(19,4),
    active               boolean       not null,
    removed              boolean       not null,
    seen_run_id          uuid          not null,
    updated_at           timestamp with time zone not null,
    constraint psa_contract_line_external_uq unique (tenant_id, connection_id, external_id)
);
create index psa_contract_line_contract_idx on psa_contract_line (tenant_id, contract_id);
