-- wrk script: every request is a cache miss (a query string never seen), so
-- each one renders the village home page from PostgreSQL.
local hosts = {}
local i, n = 0, 0
init = function(args)
  for line in io.lines(args[1]) do hosts[#hosts + 1] = line end
end
request = function()
  i = i % #hosts + 1
  n = n + 1
  return wrk.format("GET", "/?m=" .. n, { Host = hosts[i] })
end
