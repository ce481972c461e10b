-- Approval rules: ordered per organisation, each with a scope, guard-rails and a schedule; their runs and what each run
-- did per line; the organisation's switch; when each PSA connection's snapshot was last refreshed.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table automation_rule (
    id                    uuid primary key,
    tenant_id             uuid          not null,
    position              integer       not null,
    name                  varchar(100)  not null,
    -- off, dry-run (records what it would do), on
    mode                  varchar(16)   not null,
    -- all, integration, service (vendor service), company (PSA company); scope_id names the one
    scope_kind            varchar(16)   not null,
    scope_id              uuid,
    -- increase, decrease, both
    direction             varchar(16)   not null,
    max_units             numeric(19,4),
    max_percent           numeric(19,4),
    floor_quantity        numeric(19,4),
    ceiling_quantity      numeric(19,4),
    allow_new_lines       boolean       not null,
    max_vendor_age_hours  integer,
    max_psa_age_hours     integer,
    -- after-rebuild, daily, weekly, monthly (the Nth business day); times in the organisation's zone
    trigger_kind          varchar(16)   not null,
    run_at                varchar(5),
    day_of_week           varchar(9),
    business_day          integer,
    -- current (month to date) or previous (the month just closed)
    period_choice         varchar(16)   not null,
    next_run_at           timestamp with time zone,
    created_at            timestamp with time zone not null,
    created_by            varchar(320)  not null,
    updated_at            timestamp with time zone not null,
    updated_by            varchar(320)  not null
);
create unique index automation_rule_name_uq on automation_rule (tenant_id, name);
create index automation_rule_tenant_idx on automation_rule (tenant_id, position);
create index automation_rule_due_idx on automation_rule (next_run_at);

create table automation_settings (
    tenant_id         uuid primary key,
    approvals_paused  boolean      not null,
    changed_at        timestamp with time zone not null,
    changed_by        varchar(320) not null
);

create table automation_psa_refresh (
    tenant_id      uuid not null,
    connection_id  uuid not null,
    refreshed_at   timestamp with time zone not null,
    primary key (tenant_id, connection_id)
);

create table automation_run (
    id           uuid primary key,
    tenant_id    uuid          not null,
    rule_id      uuid          not null,
    rule_name    varchar(100)  not null,
    -- on (live) or dry-run
    mode         varchar(16)   not null,
    -- after-rebuild, schedule, manual
    trigger_kind varchar(16)   not null,
    period       varchar(7)    not null,
    started_at   timestamp with time zone not null,
    finished_at  timestamp with time zone not null,
    approved     integer       not null,
    held         integer       not null,
    -- done, paused (the organisation's switch was off)
    outcome      varchar(16)   not null,
    message      varchar(2000)
);
create index automation_run_tenant_idx on automation_run (tenant_id, started_at);
create index automation_run_rule_idx on automation_run (tenant_id, rule_id, started_at);

create table automation_run_item (
    id                 uuid primary key,
    tenant_id          uuid          not null,
    run_id             uuid          not null,
    line_id            uuid          not null,
    company_name       varchar(300),
    service_name       varchar(300),
    psa_quantity       numeric(19,4),
    quantity_to_write  numeric(19,4),
    -- approved, would-approve, held
    outcome            varchar(16)   not null,
    reason             varchar(2000),
    write_back_id      uuid
);
create index automation_run_item_run_idx on automation_run_item (tenant_id, run_id);
create index automation_run_item_line_idx on automation_run_item (tenant_id, line_id, outcome);

-- Why the last live run left a line for a person (shown on the Reconcile page); removed when a rule approves it.
create table automation_line_hold (
    tenant_id   uuid          not null,
    line_id     uuid          not null,
    rule_name   varchar(100),
    reason      varchar(2000) not null,
    decided_at  timestamp with time zone not null,
    primary key (tenant_id, line_id)
);
