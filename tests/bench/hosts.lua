-- wrk script: every request goes to the next village host in turn.
local hosts = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do hosts[#hosts + 1] = line end
  i = math.random(#hosts)
end
request = function()
  i = i % #hosts + 1
  return wrk.format("GET", "/", { Host = hosts[i] })
end
