-- wrk script for bench/run: POSTs a small chat completion request (extra headers come from -H) and prints
-- its results as key=value lines (microseconds), which bench/run prefixes and collects.
wrk.method = "POST"
wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"Say hello"}]}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("seconds=%.2f\n", seconds))
  io.write(string.format("rps=%.1f\n", summary.requests / seconds))
  io.write(string.format("errors=%d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("non2xx=%d\n", e.status))
  io.write(string.format("mean_us=%.1f\n", latency.mean))
  for _, q in ipairs({50, 90, 99}) do
    io.write(string.format("p%d_us=%.1f\n", q, latency:percentile(q)))
  end
  io.write(string.format("max_us=%.1f\n", latency.max))
end
