wrk.method = "POST"
wrk.body = '{"name":"bench","count":42}'
wrk.headers["Content-Type"] = "application/json"
