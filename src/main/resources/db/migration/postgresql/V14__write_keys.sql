-- Write keys: public, send-only credentials of a client, safe in a web page. Only the key's SHA-256 is kept (the key
-- is shown once, when it is made); key_id, its first characters, is what lists show and what revoke takes.
-- origins: the origins a browser may send from, separated by single spaces; empty: any origin.
create table write_keys (
    key_id     varchar(16)  primary key,
    key_hash   varchar(64)  not null unique,
    client_id  uuid         not null references clients (client_id),
    name       varchar(200) not null,
    origins    text         not null,
    created_at timestamptz  not null,
    revoked_at timestamptz
);

create index write_keys_client on write_keys (client_id, created_at);
