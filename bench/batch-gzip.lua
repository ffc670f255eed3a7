-- wrk script: batch.lua's 100-event arrays, sent gzip-compressed (Content-Encoding: gzip).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua").install(100, 50, { gzip = true })
