import type { ServerFunction } from '../install-server-functions';

/**
 * `append_stream_events(stream, expected version, events)`: the stream's row lock, the version check,
 * the events and the stream's new version in one round trip (see append.ts). It returns the stream's
 * version before the call and, when it appended, one row per event with its global position; else one
 * row with a null position. First created by migration 0016, now installed at start from here.
 */
export const appendStreamEventsFunction: ServerFunction = {
  name: 'append_stream_events',
  parameters: 'p_stream_id text, p_expected_version integer, p_events jsonb',
  returns: 'table (stream_version integer, appended_position bigint)',
  body: `
declare
  v integer;
begin
  -- The lock: concurrent appends to one stream queue here; other streams do not wait.
  insert into streams as s (stream_id, version, updated_at) values (p_stream_id, 0, now())
  on conflict (stream_id) do update set stream_id = excluded.stream_id
  returning s.version into v;
  if v <> p_expected_version then
    return query select v, null::bigint;
    return;
  end if;
  update streams s set version = p_expected_version + jsonb_array_length(p_events), updated_at = now() where s.stream_id = p_stream_id;
  return query
    insert into events as e (stream_id, version, event_id, type, data, actor, occurred_at, command_id)
    select p_stream_id, n.version, n.event_id, n.type, n.data, n.actor, n.occurred_at, n.command_id
    from jsonb_to_recordset(p_events) as n(version integer, event_id uuid, type text, data jsonb, actor jsonb, occurred_at timestamptz, command_id text)
    order by n.version
    returning v, e.global_position;
end
`,
};
