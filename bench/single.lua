-- wrk script: POST /events with one event object per request (1000 distinct bodies per thread).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua").install(1, 1000)
