-- What a PSA says about a contract as a whole (Accelo: value, dates, standing) and its periods with their budgets:
-- shown with the contract, never written back. A sync replaces a connection's periods.
alter table psa_contract add column contract_value numeric(19,4);
alter table psa_contract add column starts_on date;
alter table psa_contract add column ends_on date;
alter table psa_contract add column standing varchar(60);

create table psa_contract_period (
    id             uuid primary key,
    tenant_id      uuid          not null,
    connection_id  uuid          not null references psa_connection (id) on delete cascade,
    contract_id    uuid          not null references psa_contract (id) on delete cascade,
    external_id    varchar(100),
    starts_on      date,
    ends_on        date,
    standing       varchar(60),
    budget_type    varchar(60),
    allowance_type varchar(60),
    budget         numeric(19,4)
);
create index psa_contract_period_contract_idx on psa_contract_period (tenant_id, contract_id);
create index psa_contract_period_connection_idx on psa_contract_period (tenant_id, connection_id);
