-- Connector registry: an organization's MCP servers, its variables, its teammates' assignments, and users'
-- OAuth integrations. Organizations, users and AI teammates live in other systems: their ids are opaque text.

create table connector (
    id              uuid         primary key,
    organization_id varchar(64)  not null,
    name            varchar(100) not null,
    type            varchar(16)  not null,
    url             varchar(2048),
    -- header name -> AES-GCM ciphertext of its value (see SecretCipher); names are not secret
    headers         jsonb        not null default '{}'::jsonb,
    oauth_mcp       varchar(64),
    version         bigint       not null default 0,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    created_by      varchar(255),
    updated_by      varchar(255),
    constraint connector_type_check check (type in ('simple', 'oauth')),
    constraint connector_target_check check (
        (type = 'simple' and url is not null and oauth_mcp is null)
        or (type = 'oauth' and oauth_mcp is not null and url is null and headers = '{}'::jsonb)),
    constraint connector_name_unique unique (organization_id, name),
    -- lets assignments reference (organization_id, id), so an assignment can't point into another tenant
    constraint connector_org_id_unique unique (organization_id, id)
);

create table assignment (
    id              uuid        primary key,
    organization_id varchar(64) not null,
    employee_id     varchar(64) not null,
    mcp_id          uuid,
    oauth_mcp       varchar(64),
    created_at      timestamptz not null,
    created_by      varchar(255),
    constraint assignment_target_check check ((mcp_id is null) <> (oauth_mcp is null)),
    constraint assignment_connector_fk foreign key (organization_id, mcp_id)
        references connector (organization_id, id) on delete cascade
);
create unique index assignment_connector_unique on assignment (organization_id, employee_id, mcp_id)
    where mcp_id is not null;
create unique index assignment_oauth_unique on assignment (organization_id, employee_id, oauth_mcp)
    where oauth_mcp is not null;
create index assignment_mcp_idx on assignment (mcp_id) where mcp_id is not null;

create table organization_variable (
    organization_id varchar(64)  not null,
    name            varchar(128) not null,
    -- plaintext for ordinary variables, AES-GCM ciphertext for secret ones
    value           text         not null,
    secret          boolean      not null,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    created_by      varchar(255),
    updated_by      varchar(255),
    primary key (organization_id, name)
);

create table user_integration (
    organization_id varchar(64)  not null,
    user_id         varchar(255) not null,
    provider        varchar(64)  not null,
    access_token    text         not null, -- ciphertext
    refresh_token   text,                  -- ciphertext
    expires_at      timestamptz,
    scopes          text         not null default '',
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    primary key (organization_id, user_id, provider)
);
