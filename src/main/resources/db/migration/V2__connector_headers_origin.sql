-- The origin (scheme://host:port) that a connector's stored header values were given for. Header values are only
-- ever sent there: moving a connector to another origin requires giving every value again. Null when the
-- connector has no headers.
alter table connector add column headers_origin text;

-- Existing connectors with headers: bind them to the origin text of their stored URL. The service compares
-- origins in normalized form (lower case, explicit default port), so the raw text is enough here. A URL whose
-- host is a {{VARIABLE}} reference has no origin yet: its header values must be entered again before use.
update connector
   set headers_origin = substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*')
 where type = 'simple' and headers <> '{}'::jsonb;
