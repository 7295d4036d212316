-- Printed by wrk at the end of a run: one JSON line with throughput, latency percentiles (ms)
-- and how many responses the page cache served (its X-Page-Cache header).
-- The Cookie header comes from the command line (-H).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  hits = 0
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local served = 0
  for _, thread in ipairs(threads) do
    served = served + thread:get("hits")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "non2xx": %d, "hits": %d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, served))
end
