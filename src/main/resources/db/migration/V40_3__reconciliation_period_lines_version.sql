-- A new random value, written in the same transaction, whenever any line of the period changes (rebuild, refresh,
-- decision, effective date, note). Figures computed from the lines while it holds one value stay exact until it
-- changes: the listing totals and the navigation badge are reused per value instead of scanning the period's lines
-- on every page view. Null (periods stored before this column): nothing is reused until the next change.
alter table reconciliation_period add column lines_version uuid;
