-- Any PSA by file: import profiles per organisation, the rows of each connection's imported files (one stored part
-- per connection and snapshot part), and the history of imports with what each one changed.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

create table psa_import_profile (
    id                uuid primary key,
    tenant_id         uuid          not null references organisation (id),
    name              varchar(200)  not null,
    part              varchar(16)   not null,
    header_row        integer       not null,
    delimiter         varchar(1)    not null,
    encoding          varchar(16)   not null,
    date_format       varchar(40)   not null,
    decimal_separator varchar(1)    not null,
    -- JSON object: TrueUp field -> the file's column header
    columns           varchar(4000) not null,
    -- comma separated values of the status column that mean "not billed"
    inactive_values   varchar(1000) not null,
    created_by        varchar(320)  not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    constraint psa_import_profile_name_uq unique (tenant_id, name)
);

-- One row per item of an imported part, keyed by its line key (or company / product / contract key). The
-- fingerprint is a 64-bit hash of the normalised values: a re-import writes only the rows whose fingerprint changed.
create table psa_file_row (
    tenant_id      uuid          not null,
    connection_id  uuid          not null references psa_connection (id) on delete cascade,
    part           varchar(16)   not null,
    row_key        varchar(500)  not null,
    fingerprint    bigint        not null,
    source_row     integer       not null,
    company_id     varchar(300),
    company_name   varchar(300),
    contract_id    varchar(300),
    contract_name  varchar(300),
    product_id     varchar(300),
    product_name   varchar(300),
    line_id        varchar(300),
    quantity       numeric(19,4),
    unit_price     numeric(19,4),
    unit_cost      numeric(19,4),
    start_date     date,
    end_date       date,
    status         varchar(100),
    inactive       boolean       not null,
    constraint psa_file_row_pk primary key (tenant_id, connection_id, part, row_key)
);

create table psa_file_import (
    id             uuid primary key,
    tenant_id      uuid          not null,
    connection_id  uuid          not null references psa_connection (id) on delete cascade,
    part           varchar(16)   not null,
    profile_name   varchar(200)  not null,
    file_name      varchar(300)  not null,
    file_bytes     bigint        not null,
    rows_read      integer       not null,
    added          integer       not null,
    removed        integer       not null,
    changed        integer       not null,
    unchanged      integer       not null,
    sync_run_id    uuid,
    imported_by    varchar(320)  not null,
    imported_at    timestamp with time zone not null,
    millis         bigint        not null
);
create index psa_file_import_connection_idx on psa_file_import (tenant_id, connection_id, imported_at);

-- What an import changed, item by item (the first 500 of each import; the counts above are complete).
create table psa_file_import_change (
    import_id      uuid          not null references psa_file_import (id) on delete cascade,
    tenant_id      uuid          not null,
    position       integer       not null,
    kind           varchar(16)   not null,
    row_key        varchar(500)  not null,
    label          varchar(700)  not null,
    old_quantity   numeric(19,4),
    new_quantity   numeric(19,4),
    old_price      numeric(19,4),
    new_price      numeric(19,4),
    constraint psa_file_import_change_pk primary key (import_id, position)
);
