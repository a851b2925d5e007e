-- wrk: GET /api/v1/persons/{id} with a random id of the town (BENCH_PERSONS)
-- and the bearer token (BENCH_TOKEN).  Each wrk thread has its own seed.
local n = tonumber(os.getenv("BENCH_PERSONS") or "1000000")
local token = os.getenv("BENCH_TOKEN") or ""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  math.randomseed(7919 * (tid or 1))
  wrk.headers["Authorization"] = "Bearer " .. token
end
function request()
  return wrk.format("GET", "/api/v1/persons/" .. math.random(1, n))
end
