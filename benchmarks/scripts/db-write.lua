wrk.method = "POST"
wrk.body = '{"title":"bench note","body":"some body text"}'
wrk.headers["Content-Type"] = "application/json"
