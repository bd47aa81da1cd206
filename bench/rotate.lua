-- postern benchmark: wrk script rotating through the session cookies.
--
-- BENCH_COOKIES names a file of "name=value" lines (bench/decide_bench
-- --populate writes it); each request takes the next cookie and one of the
-- 100 application hosts (app00.bench.test .. app99.bench.test), so every
-- request is a distinct, valid, allowed decision.  done() prints one
-- machine-readable line for bench/run.

local cookies = {}
local path = os.getenv("BENCH_COOKIES")
if path ~= nil then
	for line in io.lines(path) do
		cookies[#cookies + 1] = line
	end
end
if #cookies == 0 then
	cookies[1] = "none=none"
end

local hosts = {}
for i = 0, 99 do
	hosts[#hosts + 1] = string.format("app%02d.bench.test", i)
end

local n = 0

request = function()
	n = n + 1
	local c = cookies[(n % #cookies) + 1]
	local h = hosts[((n * 7) % #hosts) + 1]
	return wrk.format("GET", "/some/page?x=1", {
		["Host"] = h,
		["Cookie"] = "theme=dark; " .. c,
		["Accept"] = "text/html",
	})
end

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("RESULT wrk %d %d %d %d %d %d %d\n",
	    summary.requests, summary.duration,
	    e.connect + e.read + e.write + e.timeout, e.status,
	    latency:percentile(50), latency:percentile(99), latency.max))
end
