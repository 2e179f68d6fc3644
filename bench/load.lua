-- A realistic mix for bench/load.py. Per 100 requests: 48 searches — 32 popular ones (the same few links,
-- as when a shared link or a press mention brings people) and 16 from a long tail of 960 (40 metro ZIPs x
-- 4 levels of care x 2 radii x 3 payments, page or API) — 45 program pages and 7 home pages. One page
-- request in five carries a session cookie, as a visitor with a compare list or a saved coverage does:
-- those pages are rendered for them, never taken from the page cache.
-- wrk picks a request per call; done() prints one JSON line the Python wrapper reads.
local popular = {}
local function add(weight, path) for _ = 1, weight do popular[#popular + 1] = path end end
add(6, "/search/?near=10001&radius=25&care_level=iop")
add(3, "/search/?near=60601&radius=50&care_level=iop&medicaid_state=IL")
add(3, "/search/?near=77002&radius=50&care_level=iop&therapy=cbt")
add(2, "/search/?q=recovery")
add(2, "/search/?state=CA&payment=medicaid&care_level=iop&page=3")
add(4, "/api/v1/programs/?near=10001&radius=25&care_level=iop")
add(2, "/api/v1/programs/?near=98101&radius=50&payment=private&page_size=50")
add(2, "/api/v1/programs/?state=TX&care_level=php")

local zips = {
  "10001", "60601", "77002", "90012", "98101", "30303", "02108", "19103", "85004", "75201",
  "33130", "80202", "94102", "97204", "48226", "55401", "63101", "70112", "37203", "28202",
  "46204", "43215", "53202", "64106", "73102", "84101", "89101", "87102", "96813", "99501",
  "21202", "20001", "15222", "44113", "45202", "40202", "35203", "39201", "72201", "68102",
}
local levels = { "iop", "php", "outpatient", "residential" }
local radii = { "25", "50" }
local payments = { "", "&payment=medicaid", "&payment=private" }

local function pick(list) return list[math.random(#list)] end
-- bench/load.py --tail and --sessions set these shares (percent).
local tail_share = tonumber(os.getenv("LOAD_TAIL_PERCENT") or "16")
local session_share = tonumber(os.getenv("LOAD_SESSION_PERCENT") or "20")

local function tail()
  local root = math.random(2) == 1 and "/search/" or "/api/v1/programs/"
  return root .. "?near=" .. pick(zips) .. "&radius=" .. pick(radii) .. "&care_level=" .. pick(levels)
    .. pick(payments)
end

request = function()
  local roll = math.random(100)
  local path
  if roll <= 48 - tail_share then
    path = pick(popular)
  elseif roll <= 48 then
    path = tail()
  elseif roll <= 93 then
    path = "/programs/" .. (math.random(40) * 97) .. "/"
  else
    path = "/"
  end
  if math.random(100) <= session_share and path:sub(1, 5) ~= "/api/" then
    return wrk.format("GET", path, { ["Cookie"] = "sessionid=a-visitor-with-a-session" })
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
