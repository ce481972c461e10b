-- A stream of changes merges its requests for a full rebuild into a few rows instead of adding one row per stored
-- batch: such a row is updated in place. A run deletes only the rows it read unchanged (same version); a row updated
-- after the run read it stays for the next run. updated_at is the newest request merged into the row (the debounce
-- waits for it), created_at the oldest (max-wait counts from it).
alter table reconciliation_pending add column version bigint default 0 not null;
alter table reconciliation_pending add column updated_at timestamp with time zone;
update reconciliation_pending set updated_at = created_at;
alter table reconciliation_pending alter column updated_at set not null;
