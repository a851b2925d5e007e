-- wrk: POST /api/v1/screenings, one screening of one person per request, each
-- with a client id never used before (run id BENCH_RUN, wrk thread, counter)
-- and the checkpoint user's bearer token (BENCH_TOKEN).  Half the persons
-- are of the town (name, ID number, phone from BENCH_CP_PEOPLE: lines
-- "name|doc|phone"), the rest passers-by let through without a name.
local token = os.getenv("BENCH_TOKEN") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local people_file = os.getenv("BENCH_CP_PEOPLE")
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local people = {}
local n = 0
local plates = "ABCDEFGHJKLMNPQRSTUVWXYZ"
function init(args)
  math.randomseed(104729 * (tid or 1))
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  if people_file then
    for line in io.lines(people_file) do
      local name, doc, phone = line:match("^([^|]*)|([^|]*)|([^|]*)$")
      if name then people[#people + 1] = '"name":"' .. name .. '","doc_number":"' .. doc ..
        '","phone":"' .. phone .. '",' end
    end
  end
end
function request()
  n = n + 1
  local i = math.random(1, #plates)
  local plate = "粤" .. plates:sub(i, i) .. string.format("%05d", math.random(0, 99999))
  local who = ""
  if #people > 0 and n % 2 == 0 then who = people[math.random(1, #people)] .. '"result":"登记后放行",' end
  local body = '{"client_id":"wrk-' .. run .. "-" .. (tid or 1) .. "-" .. n .. '","plate":"' .. plate ..
    '","vehicle_type":"小客车","origin":"广东广州","destination":"沙涌社区","persons":[{' ..
    who .. '"temp":' .. string.format("%.1f", 36 + math.random(0, 9) / 10) .. '}]}'
  return wrk.format("POST", "/api/v1/screenings", nil, body)
end
