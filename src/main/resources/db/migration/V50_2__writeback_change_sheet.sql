-- The change sheet: write-backs the connection's connector cannot write wait "to apply by hand" (status to_apply),
-- a person marks them applied (applied), and the next PSA snapshot that shows the new quantity confirms them
-- (confirmed). Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.

-- why the change must be applied by hand ("Kaseya BMS's API cannot change a line's quantity")
alter table write_back add column manual_reason varchar(500);
-- who marked it applied by hand, and when
alter table write_back add column applied_by varchar(320);
alter table write_back add column applied_at timestamp with time zone;
-- set while a snapshot taken after "applied" still shows another quantity ("still at 10 after the import of
-- 2026-12-02"); cleared when a later snapshot shows the new quantity
alter table write_back add column flag varchar(500);
alter table write_back add column flagged_at timestamp with time zone;

-- the change sheet of a connection, and the confirmation after each of its snapshots
create index write_back_tenant_connection_status_idx on write_back (tenant_id, connection_id, status);
