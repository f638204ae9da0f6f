-- wrk script of bench/ (prepended to report.lua): each request goes to the next of the paths given
-- after `--`, e.g. /vehicles/{id}/state for every vehicle.
local paths = {}
local counter = 0

function init(args)
  for _, p in ipairs(args) do
    paths[#paths + 1] = p
  end
  counter = math.random(0, 1000)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

