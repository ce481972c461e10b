-- A digest of what a rebuild writes for a line (its computed columns and series, see LineFingerprint): a rebuild reads
-- this number, not the line's row and series, to tell unchanged lines from changed ones. Null for lines stored before
-- it: they are written, with their fingerprint, by their next rebuild.
alter table reconciliation_line add column fingerprint bigint;
