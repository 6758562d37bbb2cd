-- GET /users/{id} with a random id in 1..10,000.
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/users/" .. math.random(1, 10000))
end
