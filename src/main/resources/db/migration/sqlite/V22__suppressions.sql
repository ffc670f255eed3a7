-- Suppressions: a client's session ids, or values in data, whose events are refused from now on and never stored
-- (docs/deletion.md). field is session_id or a data path (data.user_id); value is the JSON text of what it equals,
-- one text per value (numbers without trailing zeros), so that the unique index keeps each rule once.
-- suppressed_count and last_suppressed_at say how many events each rule has kept out, added up by the API processes.
create table suppressions (
    id                 integer primary key autoincrement,
    client_id          text    not null,
    field              text    not null,
    value              text    not null,
    created_at         integer not null,
    created_by         text    not null,
    suppressed_count   integer not null default 0,
    last_suppressed_at integer
) strict;

create unique index suppressions_client_field_value on suppressions (client_id, field, value);
