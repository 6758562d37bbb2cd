#!/usr/bin/env bash
# The README's run command in a network namespace of its own, where nothing answers but an empty
# loopback (no PostgreSQL, no Redis, no internet): every action of the example app must work on the
# embedded defaults. Run by EmbeddedDefaultsTests under `unshare --net`.
#   embedded-defaults.sh REPOSITORY PORT EMAIL
set -euo pipefail
repository=$1 port=$2 email=$3
base="http://127.0.0.1:$port"
ip link set lo up

for service in 5432:PostgreSQL 6379:Redis; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${service%%:*}") 2>/dev/null; then echo "${service#*:} answers here: not an isolated network"; exit 1; fi
  echo "${service#*:} unreachable"
done

cd "$repository"
PORT=$port dotnet run --project src/Cli -- dev >"$TMPDIR_DEV/dev.log" 2>&1 &
dev=$!
trap 'kill -KILL $dev 2>/dev/null || true' EXIT
fail() { echo "FAILED: $*"; echo "--- dev output:"; tail -40 "$TMPDIR_DEV/dev.log"; exit 1; }

# Bounded at 4 minutes: `dotnet run` builds first, and a busy machine may take minutes (the test allows 5).
for _ in $(seq 1 480); do curl -fs "$base/_health/live" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$base/_health/live" >/dev/null || fail "the app did not start"

# call METHOD PATH [BODY] [TOKEN] -> sets $status and $body
call() {
  local args=(-s -o "$TMPDIR_DEV/body" -w '%{http_code}' -X "$1" "$base$2")
  [ -n "${3:-}" ] && args+=(-H 'content-type: application/json' -d "$3")
  [ -n "${4:-}" ] && args+=(-H "authorization: Bearer $4")
  status=$(curl "${args[@]}")
  body=$(cat "$TMPDIR_DEV/body")
}
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$body" | head -1; }
eventually() { # eventually SECONDS METHOD PATH TOKEN PATTERN
  for _ in $(seq 1 $(($1 * 5))); do call "$2" "$3" "" "$4"; [[ "$status" == 200 && "$body" =~ $5 ]] && return 0; sleep 0.2; done
  fail "$2 $3 never matched $5 (last: $status $body)"
}

# Accounts are the accounts module's: sign-up mails a code (in Development, an .eml file under .bunbase/mail).
call POST /_accounts/sign-up "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"name\":\"Embedded\"}"
[ "$status" = 202 ] || fail "sign-up: $status $body"
call POST /_accounts/sign-in "{\"email\":\"$email\",\"password\":\"correct horse battery\"}"
[[ "$status" = 403 && "$body" == *email_not_verified* ]] || fail "sign-in before verifying: $status $body"
code=""
for _ in $(seq 1 150); do
  code=$(grep -rl -- "$email" .bunbase/mail 2>/dev/null | xargs -r sed -n 's/^Subject: Your verification code: \([0-9A-Z]\{10\}\).*/\1/p' | head -1)
  [ -n "$code" ] && break
  sleep 0.2
done
[ -n "$code" ] || fail "no verification mail for $email in .bunbase/mail"
call POST /_accounts/verify-email "{\"email\":\"$email\",\"code\":\"$code\"}"
[ "$status" = 200 ] || fail "verify-email: $status $body"
call POST /_accounts/sign-in "{\"email\":\"$email\",\"password\":\"correct horse battery\"}"
[ "$status" = 200 ] || fail "sign-in: $status $body"
token=$(field token)

call GET /_accounts/me "" "$token"
[ "$status" = 200 ] || fail "GET /_accounts/me: $status $body"
# The app's account-created subscriber made the profile and enqueued the welcome-user job, which ran and marked it.
eventually 30 GET /me/profile "$token" '"welcomedAt":"[0-9]'
user=$(field id)
echo "signed up, verified and in as user $user; event, subscriber and queued job ran: $body"

call POST /notes '{"title":"offline","body":"no server needed"}'
[ "$status" = 201 ] || fail "POST /notes: $status $body"
note=$(field id)
call GET "/notes/$note"
[[ "$status" = 200 && "$body" == *'"title":"offline"'* ]] || fail "GET /notes/$note: $status $body"
# The count-notes cron job ran its catch-up tick at start.
eventually 30 GET /notes/stats "" '"notes":[0-9]'
echo "cron job ran: $body"

call POST /_accounts/sign-out "" "$token"
[ "$status" = 204 ] || fail "sign-out: $status $body"
call GET /_accounts/me "" "$token"
[ "$status" = 401 ] || fail "GET /_accounts/me after sign-out: $status $body"

kill -TERM $dev
for _ in $(seq 1 120); do kill -0 $dev 2>/dev/null || break; sleep 0.5; done
if kill -0 $dev 2>/dev/null; then fail "dev did not stop on SIGTERM"; fi
wait $dev || fail "dev exited with $?"
for capability in "ctx.Db and migrations: SQLite file" "ctx.Kv: SQLite file" "session revocations and sign-in throttling: SQLite file" \
    "queue and cron: SQLite file" "rate limits: in this process" "the action-run log: SQLite file"; do
  grep -q "Backend for $capability" "$TMPDIR_DEV/dev.log" || fail "dev did not say: Backend for $capability"
done

# The runs above reached the run log in the embedded file (SIGTERM flushed them), the password redacted.
runs=$(dotnet run --project src/Cli -- runs --action accounts.sign-up --json --limit 1000)
grep -q "$email" <<<"$runs" || fail "the sign-up run is not in the run log: $runs"
if grep -q "correct horse battery" <<<"$runs"; then fail "a password reached the run log"; fi
grep -q '"password":"\[redacted\]"' <<<"$runs" || fail "the password is not shown as redacted: $runs"
grep -q '"status":"ok"' <<<"$runs" || fail "the sign-up run is not ok: $runs"
echo "EMBEDDED OK"
