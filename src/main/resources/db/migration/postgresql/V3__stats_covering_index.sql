-- Stats count events per time bucket by category and name: carrying both in the time index lets PostgreSQL answer
-- from the index alone instead of visiting a row of the table per event (a month: 6.5k pages read, not 286k).
drop index events_client_time;
create index events_client_time on events (client_id, "timestamp", id) include (category, name);
