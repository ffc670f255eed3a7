-- wrk script: POST /events with a JSON array of 100 distinct events per request
-- (50 distinct bodies, i.e. 5000 distinct events, per thread).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua").install(100, 50)
