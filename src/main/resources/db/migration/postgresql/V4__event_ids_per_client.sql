-- An event id is unique within its client, not across clients: another client sending the same id (by chance or
-- on purpose) must neither be refused nor make the first client's event look already stored.
alter table events drop constraint events_pkey;
alter table events add primary key (client_id, id);
