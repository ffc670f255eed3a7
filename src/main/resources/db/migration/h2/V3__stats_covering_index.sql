-- PostgreSQL's V3 makes its time index a covering one (INCLUDE). H2 has no INCLUDE; this version only keeps the two
-- databases' schema histories in step.
select 1;
