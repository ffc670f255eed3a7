-- wrk script: POST /v1/batch (Segment's tracking API) with 100 track messages per request, authenticated
-- with a write key; the same events as batch.lua, as Segment messages (50 distinct bodies per thread).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua").install(100, 50, { segment = true })
