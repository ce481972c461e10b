-- Lines whose quantity the PSA computes itself (counted from users, licences, assets...): shown, never written.
alter table psa_contract_line add column read_only_reason varchar(300);
