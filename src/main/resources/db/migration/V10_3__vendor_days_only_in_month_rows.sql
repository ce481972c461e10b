-- The daily counts are kept only in the month rows (vendor_usage_month.days already holds every day's count of its
-- month), so a count writes one row instead of two and a bulk import no longer stores each record twice.
drop table vendor_usage_day;
