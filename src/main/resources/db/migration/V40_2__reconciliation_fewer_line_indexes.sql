-- Every index on reconciliation_line costs about as much as the row itself when a month's lines are first written
-- (50,000 rows for a large organisation), while a period's lines are few enough to scan: filtering and sorting one
-- period without an index takes tens of milliseconds. Kept: the primary key, the natural key (lookups of one line)
-- and (company, service), the default order of every listing. Status filters walk that index; other sorts, the
-- company filter and the totals scan the period.
drop index reconciliation_line_status_idx;
drop index reconciliation_line_service_idx;
drop index reconciliation_line_psa_company_idx;
drop index reconciliation_line_totals_idx;
