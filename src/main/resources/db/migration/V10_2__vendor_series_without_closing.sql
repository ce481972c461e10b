-- A usage series no longer repeats the closing count of its latest month (it is read from that month's row), so a
-- daily count writes one day row and one month row; the series row changes only when a new month starts.
alter table vendor_usage_series drop column last_closing;
alter table vendor_usage_series drop column changed_at;
