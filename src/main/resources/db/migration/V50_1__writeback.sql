-- Write-back outbox: one row per approved change to deliver to the PSA, and one row per delivery attempt.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table write_back (
    id                     uuid          primary key,
    tenant_id              uuid          not null,
    reconciliation_line_id uuid          not null,
    connection_id          uuid          not null,
    -- the PSA line to update, or null for new revenue (a line of psa_product_id is created for psa_company_id)
    psa_line_id            uuid,
    psa_company_id         uuid,
    psa_product_id         uuid,
    -- deliveries of the same target (psa_line_id, or company and product for new revenue) run one at a time, in order
    target_key             varchar(80)   not null,
    expected_psa_quantity  numeric(19,4),
    quantity               numeric(19,4) not null,
    exact_quantity         numeric(19,4),
    effective_date         date          not null,
    -- queued, writing, written, failed, conflict
    status                 varchar(16)   not null,
    attempts               integer       not null,
    -- attempts made before the last manual retry (the attempt budget starts again there)
    attempt_base           integer       not null,
    last_error             varchar(2000),
    -- true while the outcome of the last write is unknown (timeout after sending): the next attempt reads first
    outcome_unknown        boolean       not null,
    psa_reference          varchar(500),
    psa_quantity           numeric(19,4),
    psa_response           varchar(2000),
    -- the db-scheduler task instance currently responsible for delivering this row; any other is stale
    job_key                varchar(120),
    next_attempt_at        timestamp with time zone,
    created_by             varchar(320)  not null,
    created_at             timestamp with time zone not null,
    updated_at             timestamp with time zone not null,
    finished_at            timestamp with time zone
);
create index write_back_tenant_line_idx on write_back (tenant_id, reconciliation_line_id, created_at);
create index write_back_tenant_status_idx on write_back (tenant_id, status, created_at);
create index write_back_tenant_target_idx on write_back (tenant_id, target_key);

create table write_back_attempt (
    id                  uuid          primary key,
    tenant_id           uuid          not null,
    write_back_id       uuid          not null references write_back (id),
    attempt             integer       not null,
    started_at          timestamp with time zone not null,
    finished_at         timestamp with time zone not null,
    -- written, failed, conflict, retry (a retryable failure or an unknown outcome: another attempt follows), waiting
    outcome             varchar(16)   not null,
    psa_quantity_before numeric(19,4),
    message             varchar(2000)
);
create index write_back_attempt_idx on write_back_attempt (tenant_id, write_back_id, attempt);
