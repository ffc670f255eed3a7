-- wrk script for bench/soak.sh: a mix of valid batches, invalid events, malformed JSON and oversized bodies.
-- Shares common.lua's event generator; counts answers by status and prints one SOAK_RESULT line in done().
-- Env: BENCH_TOKEN; SOAK_MIX "valid invalid malformed oversized" weights (default "70 15 10 5").
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")

local threads, next_id = {}, 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  threads[#threads + 1] = thread
end

local kinds = { "valid", "invalid", "malformed", "oversized" }
local pool, weights, total = {}, {}, 0
s202, s400, s413, s429, s503, s5xx, sother, first_5xx = 0, 0, 0, 0, 0, 0, 0, ""

local function batch(n, broken)
  local evs = {}
  for e = 1, n do
    local ev = common.event()
    if broken and e % 2 == 0 then
      -- Each a different rule broken: a missing name, a timestamp in the future, data not an object.
      local r = math.random(3)
      if r == 1 then ev = string.gsub(ev, '"name": "[^"]*", ', "")
      elseif r == 2 then ev = string.gsub(ev, '"timestamp": "[^"]*"', '"timestamp": "2999-01-01T00:00:00Z"')
      else ev = string.gsub(ev, '"data": {.*}, "timestamp"', '"data": [1, 2], "timestamp"') end
    end
    evs[e] = ev
  end
  return "[" .. table.concat(evs, ", ") .. "]"
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
  }
  local mix = os.getenv("SOAK_MIX") or "70 15 10 5"
  local k = 0
  for w in string.gmatch(mix, "%d+") do k = k + 1; weights[k] = tonumber(w); total = total + weights[k] end
  pool.valid, pool.invalid, pool.malformed, pool.oversized = {}, {}, {}, {}
  for i = 1, 40 do
    pool.valid[i] = wrk.format("POST", "/events", headers, batch(20, false))
    pool.invalid[i] = wrk.format("POST", "/events", headers, batch(20, true))
    pool.malformed[i] = wrk.format("POST", "/events", headers, string.sub(batch(5, false), 1, math.random(10, 200)))
  end
  -- Just over the default 1 MiB body limit: a valid-looking array of padded events.
  local pad = string.rep("x", 60 * 1024)
  local evs = {}
  for e = 1, 18 do
    evs[e] = string.gsub(common.event(), '"data": {', '"data": {"pad": "' .. pad .. '", ', 1)
  end
  pool.oversized[1] = wrk.format("POST", "/events", headers, "[" .. table.concat(evs, ", ") .. "]")
end

function request()
  local r, acc = math.random(total), 0
  for k = 1, #kinds do
    acc = acc + weights[k]
    if r <= acc then
      local p = pool[kinds[k]]
      return p[math.random(#p)]
    end
  end
  return pool.valid[1]
end

function response(status, headers, body)
  if status == 202 then s202 = s202 + 1
  elseif status == 400 then s400 = s400 + 1
  elseif status == 413 then s413 = s413 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 then s503 = s503 + 1
  elseif status >= 500 then
    s5xx = s5xx + 1
    if first_5xx == "" then first_5xx = status .. " " .. string.sub(body or "", 1, 200) end
  else sother = sother + 1 end
end

function done(summary, latency, requests)
  local c = { s202 = 0, s400 = 0, s413 = 0, s429 = 0, s503 = 0, s5xx = 0, sother = 0 }
  local sample = ""
  for _, t in ipairs(threads) do
    for name, _ in pairs(c) do c[name] = c[name] + (t:get(name) or 0) end
    local f = t:get("first_5xx")
    if sample == "" and f and f ~= "" then sample = f end
  end
  local e = summary.errors
  io.write(string.format(
    "SOAK_RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f status_202=%d status_400=%d status_413=%d " ..
    "status_429=%d status_503=%d other_5xx=%d other=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, c.s202, c.s400, c.s413, c.s429, c.s503, c.s5xx, c.sother,
    e.connect + e.read + e.write + e.timeout))
  if sample ~= "" then io.write("SOAK_FIRST_5XX " .. string.gsub(sample, "%s+", " ") .. "\n") end
end
