-- Sends the session a sign-in returned (BENCH_SESSION_TOKEN) as the session cookie, or as a bearer
-- token when BENCH_SESSION_TRANSPORT=bearer.
local token = os.getenv("BENCH_SESSION_TOKEN")
if os.getenv("BENCH_SESSION_TRANSPORT") == "bearer" then
  wrk.headers["Authorization"] = "Bearer " .. token
else
  wrk.headers["Cookie"] = "session=" .. token
end
