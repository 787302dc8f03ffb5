-- What the gateway may serve from memory is stamped with its organization's generation: every change that notifies
-- the gateway (V4, V6) also bumps it, in the same transaction. A replica reads the generation (one indexed row) per
-- request and serves a teammate's assignments and resolved endpoints from memory only while it is unchanged, so a
-- change is seen on the very next request, on every replica, whether or not its notification has arrived yet.
create table gateway_generation (
    organization_id text primary key,
    generation      bigint not null
);

create or replace function gateway_tools_changed(org text) returns void
    language sql as $$
    insert into gateway_generation (organization_id, generation) values (org, 1)
        on conflict (organization_id) do update set generation = gateway_generation.generation + 1;
    select pg_notify('connectors_gateway', org);
$$;
