-- wrk script: GETs cycling through the paths in the file QUERY_PATHS (one per line), with BENCH_TOKEN as bearer.
-- Each thread starts at a different line; counts 200s and others across threads in done().
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  threads[#threads + 1] = thread
end

local requests, n, i = {}, 0, 0
ok, bad, first_bad = 0, 0, ""

function init(args)
  local headers = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "") }
  -- The admin dashboard takes a signed-in session instead of a token.
  if (os.getenv("BENCH_COOKIE") or "") ~= "" then
    headers = { ["Cookie"] = os.getenv("BENCH_COOKIE") }
  end
  for line in io.lines(os.getenv("QUERY_PATHS")) do
    if line ~= "" then
      n = n + 1
      requests[n] = wrk.format("GET", line, headers)
    end
  end
  i = ((thread_id or 1) * 7919) % math.max(n, 1)
end

function request()
  i = i + 1
  if i > n then i = 1 end
  return requests[i]
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

function done(summary, latency, reqs)
  local good, wrong, sample = 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + (t:get("ok") or 0)
    wrong = wrong + (t:get("bad") or 0)
    local fb = t:get("first_bad")
    if sample == "" and fb and fb ~= "" then sample = fb end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("QUERY_RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f ok=%d non_200=%d\n",
    summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    good, wrong))
  if sample ~= "" then io.write("QUERY_FIRST_NON_200 " .. string.gsub(sample, "%s+", " ") .. "\n") end
end
