-- A new random value written in the same transaction as any change to what PsaSnapshot returns for the connection:
-- its companies, products, contracts, contract periods and terms, contract lines, and the connection's own fields those
-- reads expose (name, rounding, effective date, status, primary flag). A reader that kept what it read, with the value
-- it read before, can tell in one row whether it is still current, on any node. Writes to the snapshot are rare (a
-- sync, a write-back, a change of the connection), so one row update per write is cheap. Null (connections stored
-- before this column): unknown, nothing read before can be trusted until the next write sets it.
alter table psa_connection add column snapshot_version uuid;
