-- wrk: the filtered list page GET /api/v1/persons?village=V&q=陈&per_page=20
-- with a random village of the 39 (BENCH_VILLAGES) and the bearer token.
local nv = tonumber(os.getenv("BENCH_VILLAGES") or "39")
local token = os.getenv("BENCH_TOKEN") or ""
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  math.randomseed(104729 * (tid or 1))
  wrk.headers["Authorization"] = "Bearer " .. token
end
function request()
  return wrk.format("GET", "/api/v1/persons?village=" .. math.random(1, nv) .. "&q=%E9%99%88&per_page=20")
end
