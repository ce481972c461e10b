-- An e-mail address is unique within an organisation, not across all of them: adding a user never reveals whether
-- the address is registered elsewhere, and a person who works for two MSPs has an account in each.
alter table app_user drop constraint app_user_email_uq;
alter table app_user add constraint app_user_tenant_email_uq unique (tenant_id, email);
create index app_user_email_idx on app_user (email);
