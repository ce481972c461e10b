-- A quantity written through TrueUp while a sync run was queued or running: that run keeps the written quantity,
-- because its read of the PSA may have happened before the write landed.
alter table psa_contract_line add column written_run_id uuid;
