-- A client that may read every client's events (dashboards, exports across applications), not only its own.
alter table clients add column read_all boolean default false not null;
