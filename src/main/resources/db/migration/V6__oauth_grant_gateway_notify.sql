-- The gateway's cached tool lists depend on OAuth connector grants too (SPEC "Gateway": dropped when a connector's
-- credentials change). Sign-in, forget, a new token or new scopes notify; taking or releasing a refresh claim alone
-- (refresh_claim, refresh_claimed_until) does not, so a refresh drops the cache once, not three times.
create trigger oauth_grant_gateway_notify
    after insert or delete or update of status, access_token, scopes, required_scopes on oauth_grant
    for each row execute function gateway_tools_changed_trigger();
