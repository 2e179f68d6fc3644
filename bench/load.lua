-- A realistic mix for bench/load.py: mostly search pages and API queries, some program pages.
-- wrk picks a request per call; done() prints one JSON line the Python wrapper reads.
local paths = {}
local function add(weight, path) for _ = 1, weight do paths[#paths + 1] = path end end
add(6, "/search/?near=10001&radius=25&care_level=iop")
add(3, "/search/?near=60601&radius=50&care_level=iop&medicaid_state=IL")
add(3, "/search/?near=77002&radius=50&care_level=iop&therapy=cbt")
add(2, "/search/?q=recovery")
add(2, "/search/?state=CA&payment=medicaid&care_level=iop&page=3")
add(4, "/api/v1/programs/?near=10001&radius=25&care_level=iop")
add(2, "/api/v1/programs/?near=98101&radius=50&payment=private&page_size=50")
add(2, "/api/v1/programs/?state=TX&care_level=php")
for id = 1, 40 do add(1, "/programs/" .. (id * 97) .. "/") end
add(2, "/")

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
