-- When the PSA next invoices a contract, where it tells (Syncro's next run): changes apply from then.
alter table psa_contract add column next_invoice_date date;
