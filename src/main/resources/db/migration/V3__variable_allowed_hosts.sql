-- The hosts a secret variable may be sent to: host names, IP literals or *.domain patterns, normalized.
-- Secret variables stored before this column have none: they are refused until someone lists their hosts.
alter table organization_variable add column allowed_hosts text[] not null default '{}';
