-- wrk script for bench/run.sh: POSTs a JSON-RPC tools/call on one initialized streamable-HTTP
-- session. run.sh does the handshake with curl and passes Mcp-Session-Id, MCP-Protocol-Version and
-- Authorization with -H. The tool is $BENCH_TOOL (default system_info), called with no arguments.
--
-- Counts answers that are not 2xx, and 2xx answers without a successful JSON-RPC result (no
-- "result", or "isError":true), and prints them after wrk's report as
--   bench-non2xx N
--   bench-bad-body N
-- A run where either is above 0 (for example the rate limiter answered) is not a measurement.

local tool = os.getenv("BENCH_TOOL") or "system_info"

wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
  '","arguments":{}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  bad_body = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif body == nil or not body:find('"result"', 1, true) or
      body:find('"isError":true', 1, true) then
    bad_body = bad_body + 1
  end
end

function done(summary, latency, requests)
  local n, b = 0, 0
  for _, thread in ipairs(threads) do
    n = n + thread:get("non2xx")
    b = b + thread:get("bad_body")
  end
  io.write(string.format("bench-non2xx %d\nbench-bad-body %d\n", n, b))
end
