-- Foundation: organisations (tenants), users, personal API tokens, audit log, job table.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table organisation (
    id          uuid primary key,
    name        varchar(200) not null,
    time_zone   varchar(64)  not null,
    currency    varchar(3)   not null,
    created_at  timestamp with time zone not null
);

create table app_user (
    id             uuid primary key,
    tenant_id      uuid         not null references organisation (id),
    email          varchar(320) not null,
    display_name   varchar(200) not null,
    password_hash  varchar(200) not null,
    role           varchar(16)  not null,
    enabled        boolean      not null,
    created_at     timestamp with time zone not null,
    constraint app_user_email_uq unique (email)
);
create index app_user_tenant_idx on app_user (tenant_id);

create table api_token (
    id            uuid primary key,
    tenant_id     uuid         not null references organisation (id),
    user_id       uuid         not null references app_user (id),
    name          varchar(100) not null,
    token_hash    varchar(64)  not null,
    token_hint    varchar(16)  not null,
    created_at    timestamp with time zone not null,
    last_used_at  timestamp with time zone,
    revoked_at    timestamp with time zone,
    constraint api_token_hash_uq unique (token_hash)
);
create index api_token_tenant_idx on api_token (tenant_id, user_id);

create table audit_event (
    id         uuid primary key,
    tenant_id  uuid          not null,
    at         timestamp with time zone not null,
    actor      varchar(320)  not null,
    kind       varchar(64)   not null,
    subject    varchar(500),
    detail     varchar(4000)
);
create index audit_event_tenant_at_idx on audit_event (tenant_id, at);

-- db-scheduler's table: persistent, cluster-safe jobs (PSA sync, rebuilds, write-back delivery).
create table scheduled_tasks (
    task_name            varchar(100)  not null,
    task_instance        varchar(250)  not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean       not null,
    picked_by            varchar(50),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint        not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_idx on scheduled_tasks (priority desc, execution_time asc);
