-- A random token, rewritten with a new random value whenever the series row or any of its vendor_usage_month rows
-- changes. The sum over an organisation's series, with their count, then changes whenever any of its usage changes:
-- one aggregate answers "did anything change since I last read it", exact whatever order the writing transactions
-- commit in (a timestamp or a sequence taken before commit can be overtaken by one that commits later), and without a
-- per-organisation counter row that every count would have to lock.
alter table vendor_usage_series add column version bigint not null default 0;
-- existing series get a random token too: with all of them at 0, series moving in or out of what is read (an
-- integration disconnected, another reconnected) could leave the sum unchanged
update vendor_usage_series set version = cast(floor(random() * 9.2e18) as bigint) + 1;
