-- OAuth connectors (SPEC "OAuth connectors"): a simple connector may sign people in with OAuth 2.1 instead of
-- carrying static headers. Everything sealed here is AES-GCM ciphertext (SecretCipher), never plaintext.

alter table connector
    add column auth                 varchar(16)  not null default 'headers',
    add column credential           varchar(16)  not null default 'user',
    -- a pre-registered OAuth client (optional): id, sealed secret, scopes (space-separated)
    add column oauth_client_id      varchar(255),
    add column oauth_client_secret  text,
    add column oauth_client_scopes  text,
    -- the origin (scheme://host:port) the client secret was given for, like headers_origin
    add column oauth_client_origin  text,
    add constraint connector_auth_check check (auth in ('headers', 'oauth')),
    add constraint connector_credential_check check (credential in ('user', 'organization')),
    add constraint connector_auth_simple_check check (auth = 'headers' or type = 'simple');

-- One grant per connector and credential owner: the tokens of a person (credential 'user', owner = user id) or of
-- the organization (credential 'organization', owner = ''). A row may hold no tokens yet: it then records the
-- last attempt's result (last_error) so the page can say what failed.
create table oauth_grant (
    organization_id       varchar(64)  not null,
    connector_id          uuid         not null,
    credential            varchar(16)  not null,
    owner                 varchar(255) not null,
    -- connected | required | expired
    status                varchar(16)  not null,
    access_token          text,
    refresh_token         text,
    expires_at            timestamptz,
    scopes                text         not null default '',
    -- scopes a server asked for (insufficient_scope); the next sign-in requests them
    required_scopes       text,
    last_error            text,
    last_attempt_at       timestamptz,
    connected_by          varchar(255),
    -- where and as whom to refresh and revoke: taken from validated metadata at sign-in
    issuer                text,
    token_endpoint        text,
    revocation_endpoint   text,
    client_id             text,
    client_secret         text,
    -- none | client_secret_basic | client_secret_post
    client_auth           varchar(32),
    resource              text,
    -- single refresh per grant across replicas: a claim (lease) taken by one conditional UPDATE
    refresh_claim         uuid,
    refresh_claimed_until timestamptz,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    primary key (organization_id, connector_id, credential, owner),
    constraint oauth_grant_connector_fk foreign key (organization_id, connector_id)
        references connector (organization_id, id) on delete cascade,
    constraint oauth_grant_status_check check (status in ('connected', 'required', 'expired'))
);

-- Sign-ins under way: the state's SHA-256 (never the state itself), single-use (deleted when used), 10 minutes.
create table oauth_sign_in (
    state_hash          varchar(64)  primary key,
    organization_id     varchar(64)  not null,
    connector_id        uuid         not null,
    credential          varchar(16)  not null,
    owner               varchar(255) not null,
    user_id             varchar(255) not null,
    -- SHA-256 of the nonce cookie of the browser that started it: the callback must come back to that browser
    browser_hash        varchar(64)  not null,
    code_verifier       text         not null,
    redirect_uri        text         not null,
    issuer              text         not null,
    issuer_parameter    boolean      not null,
    token_endpoint      text         not null,
    revocation_endpoint text,
    client_id           text         not null,
    client_secret       text,
    client_auth         varchar(32)  not null,
    -- the client came from dynamic registration: refused, it is registered again
    registered          boolean      not null,
    resource            text         not null,
    scopes              text         not null default '',
    expires_at          timestamptz  not null,
    created_at          timestamptz  not null,
    constraint oauth_sign_in_connector_fk foreign key (organization_id, connector_id)
        references connector (organization_id, id) on delete cascade
);
create index oauth_sign_in_expires_idx on oauth_sign_in (expires_at);

-- Clients this service registered dynamically (RFC 7591), per organization and authorization server, reused.
create table oauth_client_registration (
    organization_id varchar(64) not null,
    issuer          text        not null,
    redirect_uri    text        not null,
    client_id       text        not null,
    client_secret   text,
    client_auth     varchar(32) not null,
    created_at      timestamptz not null,
    primary key (organization_id, issuer, redirect_uri)
);

-- The predefined integrations' refresh takes the same single-refresh claim.
alter table user_integration
    add column refresh_claim         uuid,
    add column refresh_claimed_until timestamptz;
