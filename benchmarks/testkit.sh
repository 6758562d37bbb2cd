#!/usr/bin/env bash
# The test kit's cost (Bunbase.Testing), recorded under benchmarks/results/: a suite of 50 action tests
# (each creates a note with a typed call and reads it back) on one class fixture, on the embedded SQLite
# file and on a PostgreSQL database of its own; each backend in a fresh test process, ROUNDS times.
# A stopwatch reporter in the fixture (benchmarks/testkit/Suite.cs) records the fixture's start-up (from
# InitializeAsync to listening, migrations applied, JIT included), every test's start and end, and disposal.
# Goals: under 2 s for the first test (start-up plus the test), under 50 ms per test after the first.
# Usage: bash benchmarks/testkit.sh [RESULT_FILE]    (ROUNDS=3; BUNBASE_TEST_DATABASE_URL names the server)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
result="${1:-benchmarks/results/$(date -u +%Y-%m-%d)-testkit.md}"
tmp="benchmarks/results/tmp/testkit"
rm -rf "$tmp"; mkdir -p "$tmp"
export BUNBASE_TEST_DATABASE_URL="${BUNBASE_TEST_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_test}"
dotnet build benchmarks/testkit -c Release -warnaserror -nologo -v q >/dev/null
for round in $(seq 1 "$rounds"); do
  for suite in EmbeddedSuite PostgresSuite; do
    TESTKIT_BENCH_OUT="$(pwd)/$tmp/timings.jsonl" dotnet test benchmarks/testkit -c Release --no-build -nologo \
      --filter "FullyQualifiedName~$suite" >"$tmp/$suite-$round.log" 2>&1 || { cat "$tmp/$suite-$round.log"; exit 1; }
  done
done
python3 - "$tmp/timings.jsonl" "$result" "$rounds" <<'PY'
import json, statistics, sys, subprocess, datetime
lines = [json.loads(l) for l in open(sys.argv[1])]
def q(values, p):
    values = sorted(values); return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]
rows = []
for backend in ("embedded", "postgres"):
    runs = [l for l in lines if l["backend"] == backend]
    first, after, per_test, startup, dispose = [], [], [], [], []
    for run in runs:
        tests = sorted(run["tests"])
        assert len(tests) == 50, len(tests)
        startup.append(run["startupMs"]); dispose.append(run["disposeMs"])
        first.append(run["startupMs"] + tests[0][1] - tests[0][0])
        durations = [end - start for start, end in tests[1:]]
        after.extend(durations)
        # Wall time from the end of the first test to the end of the last, per test: xunit's own overhead included.
        per_test.append((tests[-1][1] - tests[0][1]) / 49)
    rows.append((backend, len(runs), statistics.median(startup), statistics.median(first), statistics.median(per_test),
                 statistics.median(after), q(after, 0.95), max(after), statistics.median(dispose)))
with open(sys.argv[2], "w") as out:
    out.write(f"# Bunbase.Testing: fixture start-up and per-test cost ({datetime.date.today()})\n\n")
    out.write(f"`bash benchmarks/testkit.sh` (ROUNDS={sys.argv[3]}): 50 action tests (a typed create and a typed read of a note) on one\n")
    out.write("class fixture, each backend in a fresh `dotnet test` process per round (Release). Medians over the rounds;\n")
    out.write("test durations pooled over the rounds. This 2-core machine is shared with other work; load average at the end: ")
    out.write(open("/proc/loadavg").read().split()[0] + ".\n\n")
    out.write("| backend | rounds | fixture start-up ms | first test ms (start-up + test) | per test after the first, wall ms | test median ms | test p95 ms | test max ms | dispose ms |\n")
    out.write("|---|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        out.write(f"| {r[0]} | {r[1]} | {r[2]:.0f} | {r[3]:.0f} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.1f} | {r[7]:.1f} | {r[8]:.0f} |\n")
    out.write("\nGoals: first test under 2,000 ms; per test after the first under 50 ms.\n")
    out.write("Start-up includes the JIT of the runtime and the kit in a fresh process, the migrations, and on PostgreSQL `create database`;\n")
    out.write("dispose includes stopping the app (the run log's last flush) and, on PostgreSQL, `drop database ... with (force)`.\n")
print(open(sys.argv[2]).read())
PY
rm -rf "$tmp"
