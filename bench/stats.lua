-- wrk script: prints one JSON line of throughput, latency percentiles and errors.
-- With WRK_PATHS="/a|/b|/c" each connection cycles through those paths (the soak run).
local paths = {}
local paths_env = os.getenv("WRK_PATHS")
if paths_env then
  for path in string.gmatch(paths_env, "[^|]+") do table.insert(paths, path) end
end
local counter = 0

request = function()
  if #paths == 0 then return wrk.request() end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
