-- Notifications: what happened (events), who gets it by e-mail (per-user choices) or by webhook (per-webhook
-- choices), each delivery with its attempts, the organisation's digest and alert settings, and marks that keep each
-- digest and alert to once. Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table notification_webhook (
    id          uuid primary key,
    tenant_id   uuid          not null,
    name        varchar(100)  not null,
    -- slack, teams, generic
    format      varchar(16)   not null,
    -- never shown in full after saving, never logged: Slack and Teams URLs carry their token
    url         varchar(2000) not null,
    url_hint    varchar(300)  not null,
    -- generic webhooks: the HMAC-SHA256 key of the signature header (shown once when created)
    secret      varchar(100),
    -- comma-separated event types
    events      varchar(500)  not null,
    enabled     boolean       not null,
    created_at  timestamp with time zone not null,
    created_by  varchar(320)  not null,
    updated_at  timestamp with time zone not null
);
create index notification_webhook_tenant_idx on notification_webhook (tenant_id);

create table notification_preference (
    tenant_id   uuid          not null,
    user_id     uuid          not null,
    events      varchar(500)  not null,
    updated_at  timestamp with time zone not null,
    primary key (tenant_id, user_id)
);

create table notification_settings (
    tenant_id           uuid primary key,
    digest_time         varchar(5)   not null,
    weekly_digest_day   varchar(9)   not null,
    vendor_silent_days  integer      not null,
    updated_at          timestamp with time zone not null,
    updated_by          varchar(320) not null
);

create table notification_event (
    id          uuid primary key,
    tenant_id   uuid          not null,
    type        varchar(32)   not null,
    title       varchar(300)  not null,
    -- the notice as JSON (title, summary, facts, lines, link)
    payload     varchar(20000) not null,
    created_at  timestamp with time zone not null
);
create index notification_event_tenant_idx on notification_event (tenant_id, created_at);

create table notification_delivery (
    id              uuid primary key,
    tenant_id       uuid          not null,
    event_id        uuid          not null references notification_event (id),
    -- email (target: a user) or webhook (target: a webhook)
    channel         varchar(16)   not null,
    target_id       uuid          not null,
    -- queued, sent, failed
    status          varchar(16)   not null,
    attempts        integer       not null,
    last_error      varchar(1000),
    next_attempt_at timestamp with time zone,
    sent_at         timestamp with time zone,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);
create index notification_delivery_tenant_idx on notification_delivery (tenant_id, created_at);

create table notification_mark (
    tenant_id  uuid          not null,
    mark_key   varchar(200)  not null,
    mark_value varchar(200)  not null,
    primary key (tenant_id, mark_key)
);
