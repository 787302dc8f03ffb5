-- Teammate gateway: which tools of an assignment are served, the audit of gateway tool calls, and change
-- notifications that tell every replica to drop its cached tool lists.

-- null: every tool of the connector, new ones included; an array: only these upstream tool names.
alter table assignment add column tools text[];

create table gateway_call (
    id               uuid         primary key,
    organization_id  varchar(64)  not null,
    employee_id      varchar(64)  not null,
    mcp_id           uuid,
    oauth_mcp        varchar(64),
    toolset          varchar(200) not null,
    tool             varchar(128) not null,
    caller           varchar(255) not null,
    actor            varchar(16)  not null,
    started_at       timestamptz  not null,
    duration_ms      bigint       not null,
    outcome          varchar(16)  not null,
    error            varchar(1000),
    arguments_sha256 char(64)     not null,
    result_bytes     bigint       not null,
    constraint gateway_call_outcome_check
        check (outcome in ('ok', 'tool_error', 'failed', 'refused', 'timeout'))
);
-- Newest first per teammate, with the id as tie-breaker of the paging cursor.
create index gateway_call_employee_idx on gateway_call (organization_id, employee_id, started_at desc, id desc);
create index gateway_call_started_idx on gateway_call (started_at);

-- One channel, one payload: the organization whose cached tool lists are stale. Replicas LISTEN on it. Any other
-- table whose rows change what a connector serves (e.g. OAuth connector tokens) only needs a trigger calling
-- gateway_tools_changed_trigger().
create function gateway_tools_changed(org text) returns void
    language sql as $$ select pg_notify('connectors_gateway', org) $$;

create function gateway_tools_changed_trigger() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        perform gateway_tools_changed(old.organization_id);
    else
        perform gateway_tools_changed(new.organization_id);
        if tg_op = 'UPDATE' and old.organization_id is distinct from new.organization_id then
            perform gateway_tools_changed(old.organization_id);
        end if;
    end if;
    return null;
end $$;

create trigger connector_gateway_notify after insert or update or delete on connector
    for each row execute function gateway_tools_changed_trigger();
create trigger assignment_gateway_notify after insert or update or delete on assignment
    for each row execute function gateway_tools_changed_trigger();
create trigger variable_gateway_notify after insert or update or delete on organization_variable
    for each row execute function gateway_tools_changed_trigger();
create trigger integration_gateway_notify after insert or update or delete on user_integration
    for each row execute function gateway_tools_changed_trigger();
