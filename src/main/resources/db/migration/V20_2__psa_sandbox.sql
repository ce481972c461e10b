-- The Sandbox PSA: a simulated PSA stored in TrueUp's own database, one per sandbox connection.
-- It is read and written through the connector SPI exactly like a real PSA.

create table psa_sandbox_company (
    id            uuid primary key,
    tenant_id     uuid         not null,
    connection_id uuid         not null references psa_connection (id) on delete cascade,
    name          varchar(300) not null,
    status        varchar(16)  not null,
    created_at    timestamp with time zone not null
);
create index psa_sandbox_company_idx on psa_sandbox_company (tenant_id, connection_id);

create table psa_sandbox_product (
    id            uuid primary key,
    tenant_id     uuid          not null,
    connection_id uuid          not null references psa_connection (id) on delete cascade,
    identifier    varchar(100)  not null,
    name          varchar(300)  not null,
    price         numeric(19,4) not null,
    cost          numeric(19,4) not null,
    constraint psa_sandbox_product_identifier_uq unique (tenant_id, connection_id, identifier)
);

create table psa_sandbox_contract (
    id            uuid primary key,
    tenant_id     uuid         not null,
    connection_id uuid         not null references psa_connection (id) on delete cascade,
    company_id    uuid         not null references psa_sandbox_company (id) on delete cascade,
    name          varchar(300) not null,
    contract_type varchar(32)  not null,
    status        varchar(16)  not null,
    created_at    timestamp with time zone not null
);
create index psa_sandbox_contract_idx on psa_sandbox_contract (tenant_id, connection_id);

create table psa_sandbox_line (
    id             uuid primary key,
    tenant_id      uuid          not null,
    connection_id  uuid          not null references psa_connection (id) on delete cascade,
    contract_id    uuid          not null references psa_sandbox_contract (id) on delete cascade,
    product_id     uuid          not null references psa_sandbox_product (id) on delete cascade,
    quantity       numeric(19,4) not null,
    price          numeric(19,4) not null,
    cost           numeric(19,4) not null,
    cancelled      boolean       not null,
    effective_date date          not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create index psa_sandbox_line_idx on psa_sandbox_line (tenant_id, connection_id, contract_id);

-- Every quantity change of a line (write-backs, edits, creation), so a user can watch write-backs land.
create table psa_sandbox_line_change (
    id              uuid primary key,
    tenant_id       uuid          not null,
    connection_id   uuid          not null references psa_connection (id) on delete cascade,
    line_id         uuid          not null references psa_sandbox_line (id) on delete cascade,
    old_quantity    numeric(19,4),
    new_quantity    numeric(19,4) not null,
    effective_date  date          not null,
    changed_at      timestamp with time zone not null,
    source          varchar(32)   not null,
    actor           varchar(320)  not null,
    idempotency_key varchar(200)
);
create index psa_sandbox_line_change_idx on psa_sandbox_line_change (tenant_id, connection_id, changed_at);
create index psa_sandbox_line_change_key_idx on psa_sandbox_line_change (tenant_id, connection_id, idempotency_key);
