-- Browsing: every request a random page of a random kind, as one of several people.
--
-- Run with one connection per thread (-tN -cN): then request() and response() of a thread
-- alternate strictly, and the time between them is that request's latency, tagged with its
-- page kind. wrk -s bench/wrk_browse.lua URL -- <folder> <role> [<role> ...]
-- <folder>/<role>.txt: the Cookie header on the first line, then "kind<TAB>path" lines
-- (only the pages that person may open). Thread n is role n modulo the roles given.
-- At the end, done() writes "role<TAB>kind<TAB>status<TAB>microseconds" lines to $BROWSE_OUT.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local threads = {}
local created = 0

function setup(thread)
  created = created + 1
  thread:set("thread_no", created)
  table.insert(threads, thread)
end

function init(args)
  local folder = args[1]
  local roles = {}
  for i = 2, #args do
    roles[#roles + 1] = args[i]
  end
  role = roles[(thread_no - 1) % #roles + 1]
  -- wrk gives every thread's Lua the same seed: without this the threads repeat each other.
  math.randomseed(thread_no * 104729 + math.floor(now_us()))
  for _ = 1, 10 do
    math.random()
  end
  pages, kinds, cookie = {}, {}, nil
  for line in io.lines(folder .. "/" .. role .. ".txt") do
    if cookie == nil then
      cookie = line
    else
      local kind, path = line:match("^([^\t]+)\t(.+)$")
      if not pages[kind] then
        pages[kind] = {}
        kinds[#kinds + 1] = kind
      end
      table.insert(pages[kind], path)
    end
  end
  results = {}
  current, started = nil, 0
end

function request()
  current = kinds[math.random(#kinds)]
  local list = pages[current]
  local path = list[math.random(#list)]
  started = now_us()
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  results[#results + 1] = string.format("%s\t%s\t%d\t%d", role, current, status, now_us() - started)
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BROWSE_OUT"), "w"))
  for _, thread in ipairs(threads) do
    local rows = thread:get("results")
    for _, row in ipairs(rows) do
      out:write(row, "\n")
    end
  end
  out:close()
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
