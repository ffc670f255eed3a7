-- Shared by single.lua and batch.lua (loaded with dofile from the same folder).
-- Every thread prebuilds its request strings once in init(); request() only picks the next one,
-- and response() only counts, so wrk spends as little CPU per request as possible.
-- Env: BENCH_TOKEN (the bearer token), BENCH_BASIC (base64 of "<write key>:", for Segment bodies),
-- BENCH_PATH (default /events), BENCH_TIMESTAMPS (live: events without a timestamp, which the server stamps with
-- the time it received them, as live traffic's grow).

local M = {}

local hosts = { "www.example.com", "shop.example.com", "blog.example.org", "app.example.net" }
local paths = { "/", "/pricing", "/products", "/products/42", "/cart", "/checkout", "/about", "/blog/launch", "/search" }
local elements = { "signup-button", "buy-now", "nav-home", "nav-pricing", "footer-contact", "hero-cta" }
local forms = { "newsletter", "checkout", "login", "contact" }

local function uuid()
  local function hex(n)
    local t = {}
    for i = 1, n do t[i] = string.format("%x", math.random(0, 15)) end
    return table.concat(t)
  end
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" ..
    string.format("%x", math.random(8, 11)) .. hex(3) .. "-" .. hex(12)
end

local function pick(list) return list[math.random(#list)] end

-- Timestamps lie 1 to 2 days in the past (UTC), so none is in the future: each event lands at a random place in
-- the time indexes. Prebuilt bodies cannot carry timestamps that grow as live traffic's do; with
-- BENCH_TIMESTAMPS=live the events carry none, and the server's receipt time grows instead.
local base = os.time() - 2 * 86400
local live = os.getenv("BENCH_TIMESTAMPS") == "live"

local session, session_left, clock = nil, 0, 0

-- One event as JSON text; consecutive events share a session for a few steps, as a browser would.
function M.event()
  if session_left == 0 then
    session, session_left = uuid(), math.random(3, 12)
    clock = base + math.random(0, 86000)
  end
  session_left = session_left - 1
  clock = clock + math.random(0, 20)
  local ts = os.date("!%Y-%m-%d %H:%M:%S", clock) .. string.format(".%06d", math.random(0, 999999))
  local host, path = pick(hosts), pick(paths)
  local r = math.random(4)
  local category, name, data
  if r == 1 or r == 2 then
    category, name = "page interaction", "pageview"
    data = string.format('{"host": "%s", "path": "%s"}', host, path)
  elseif r == 3 then
    category, name = "page interaction", "cta click"
    data = string.format('{"host": "%s", "path": "%s", "element": "%s"}', host, path, pick(elements))
  else
    category, name = "form interaction", "submit"
    data = string.format('{"host": "%s", "path": "%s", "form": {"name": "%s", "first_name": "User%d", "last_name": "Test%d"}}',
      host, path, pick(forms), math.random(1, 99999), math.random(1, 99999))
  end
  if live then
    return string.format('{"session_id": "%s", "category": "%s", "name": "%s", "data": %s}',
      session, category, name, data)
  end
  return string.format('{"session_id": "%s", "category": "%s", "name": "%s", "data": %s, "timestamp": "%s"}',
    session, category, name, data, ts)
end

-- The same event as a Segment track message (what @segment/analytics-node sends for it): the event's
-- data as properties with its category, the session as anonymousId. No messageId: bodies are sent again
-- and again, and a resent messageId is stored once, which would defeat the stored-vs-accepted check.
function M.segment(event)
  local session, category, name, data, ts = event:match(
    '^{"session_id": "([^"]*)", "category": "([^"]*)", "name": "([^"]*)", "data": (.*), "timestamp": "([^"]*)"}$')
  if not session then -- BENCH_TIMESTAMPS=live: no timestamp
    session, category, name, data = event:match(
      '^{"session_id": "([^"]*)", "category": "([^"]*)", "name": "([^"]*)", "data": (.*)}$')
  end
  local timestamp = ts and string.format('"timestamp": "%sZ", ', (ts:gsub(" ", "T"))) or ""
  return string.format('{"type": "track", "event": "%s", "anonymousId": "%s", ' ..
    '"properties": %s, "category": "%s"}, %s' ..
    '"context": {"library": {"name": "bench", "version": "1.0.0"}}}',
    name, session, data:sub(1, -2), category, timestamp)
end

-- The body gzip-compressed, by the gzip command (wrk's Lua has no zlib); done once per body at start.
local function gzipped(body)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(body)
  f:close()
  local p = assert(io.popen("gzip -c -6 < " .. path, "r"))
  local out = p:read("*a")
  p:close()
  os.remove(path)
  return out
end

-- Installs the wrk callbacks for requests carrying `per_request` events each (1 = a single object,
-- more = a JSON array), cycling through `distinct` prebuilt bodies per thread. Options: `segment`
-- (Segment's {"batch": [...]} to /v1/batch with a write key, answered 200), `gzip` (bodies sent
-- with Content-Encoding: gzip).
function M.install(per_request, distinct, options)
  options = options or {}
  local threads = {}
  local next_id = 0

  function setup(thread)
    next_id = next_id + 1
    thread:set("thread_id", next_id)
    threads[#threads + 1] = thread
  end

  local requests, n, i = {}, 0, 0
  issued, status_ok, accepted, other_2xx, non_2xx, first_bad = 0, 0, 0, 0, 0, ""
  -- The answer of an accepted request: 202 on POST /events, 200 on Segment's API.
  local ok = options.segment and 200 or 202

  function init(args)
    math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919 + math.floor(os.clock() * 1e6))
    local headers = {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
    }
    local path = os.getenv("BENCH_PATH") or "/events"
    if options.segment then
      headers["Authorization"] = "Basic " .. (os.getenv("BENCH_BASIC") or "")
      path = "/v1/batch"
    end
    if options.gzip then
      headers["Content-Encoding"] = "gzip"
    end
    for k = 1, distinct do
      local body
      if per_request == 1 then
        body = M.event()
      elseif options.segment then
        local msgs = {}
        for e = 1, per_request do msgs[e] = M.segment(M.event()) end
        body = '{"batch": [' .. table.concat(msgs, ", ") .. ']}'
      else
        local evs = {}
        for e = 1, per_request do evs[e] = M.event() end
        body = "[" .. table.concat(evs, ", ") .. "]"
      end
      if options.gzip then
        body = gzipped(body)
      end
      requests[k] = wrk.format("POST", path, headers, body)
    end
    n = distinct
  end

  function request()
    issued = issued + 1
    i = i + 1
    if i > n then i = 1 end
    return requests[i]
  end

  function response(status, headers, body)
    if status == ok then
      status_ok = status_ok + 1
      local a = string.match(body, '"accepted":%s*(%d+)')
      if a then accepted = accepted + tonumber(a) end
    elseif status >= 200 and status < 300 then
      other_2xx = other_2xx + 1
    else
      non_2xx = non_2xx + 1
      if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
    end
  end

  function done(summary, latency, reqs)
    local sent, sok, acc, o2xx, bad, sample = 0, 0, 0, 0, 0, ""
    for _, t in ipairs(threads) do
      sent = sent + (t:get("issued") or 0)
      sok = sok + (t:get("status_ok") or 0)
      acc = acc + (t:get("accepted") or 0)
      o2xx = o2xx + (t:get("other_2xx") or 0)
      bad = bad + (t:get("non_2xx") or 0)
      local fb = t:get("first_bad")
      if sample == "" and fb and fb ~= "" then sample = fb end
    end
    local secs = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
      "BENCH_RESULT events_per_request=%d requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f " ..
      "status_ok=%d accepted_events=%d other_2xx=%d non_2xx=%d unanswered=%d socket_errors=%d\n",
      per_request, summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      sok, acc, o2xx, bad, sent - sok - o2xx - bad, e.connect + e.read + e.write + e.timeout))
    if sample ~= "" then
      io.write("BENCH_FIRST_NON_2XX " .. string.gsub(sample, "%s+", " ") .. "\n")
    end
  end
end

return M
