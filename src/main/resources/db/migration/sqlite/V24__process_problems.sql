-- Why a process that is alive cannot do its work, as it says itself at each heartbeat (the exporter that cannot
-- write to its destination or record its progress); null while it can. The registry shows such a process failing,
-- with this reason, rather than live.
alter table processes add column problem text;
