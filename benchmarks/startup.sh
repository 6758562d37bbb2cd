#!/usr/bin/env bash
# Start-up goals, recorded under benchmarks/results/:
#  - the built app's start-up (Release, process start to listening and to the first 200 from /hello) for the example
#    app and for a generated app with 200 actions (median of 5 starts);
#  - bunbase dev with a warm build cache: tool start to the first 200, and an edit of an action's
#    returned text to the first 200 with the new text (median of 3 edits).
# Usage: bash benchmarks/startup.sh [RESULT_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds as a user's machine runs them, with the SDK's defaults: an environment that turns off the
# compiler server or MSBuild node reuse (as some CI images do) makes every rebuild in dev seconds slower.
unset UseSharedCompilation MSBUILDDISABLENODEREUSE DOTNET_CLI_USE_MSBUILD_SERVER
root=$(pwd)
tmp="$root/benchmarks/results/tmp/startup"
result="${1:-benchmarks/results/$(date -u +%Y-%m-%d)-startup.md}"
rm -rf "$tmp"; mkdir -p "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The example app has guarded actions: outside Development it needs a session secret.
export BUNBASE__AUTH__SESSIONSECRET
BUNBASE__AUTH__SESSIONSECRET=$(head -c 48 /dev/urandom | base64 -w0)
now() { date +%s.%N; }
elapsed() { printf '%.2f' "$(echo "$2 - $1" | bc)"; }
wait_for() { # wait_for URL [TEXT]: polls every 20 ms, at most about 5 minutes (a loaded machine builds slowly)
  for _ in $(seq 1 15000); do
    body=$(curl -sf "$1" 2>/dev/null) && { [ -z "${2:-}" ] || grep -q "$2" <<<"$body"; } && return 0
    sleep 0.02
  done
  echo "startup.sh: timed out waiting for $1" >&2; return 1
}
# Whatever happens, stop the apps and tools this script started.
trap 'kill -TERM ${app:-} ${dev:-} 2>/dev/null || true' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "startup.sh: building the tool and the apps (Release)"
dotnet build src/Cli -c Release -nologo -v q -clp:NoSummary >/dev/null
tool="$root/src/Cli/bin/Release/net10.0/bunbase.dll"

# The example app, copied so that edits do not touch the repository.
cp -r examples/bunbase-app "$tmp/example"
rm -rf "$tmp/example/bin" "$tmp/example/obj" "$tmp/example/.bunbase"
sed -i "s#\.\./\.\./src/#$root/src/#g" "$tmp/example/BunbaseApp.csproj"

# An app with 200 actions, each with a validated input.
mkdir -p "$tmp/many/Actions"
cat > "$tmp/many/Many.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><IsPackable>false</IsPackable><ServerGarbageCollection>true</ServerGarbageCollection></PropertyGroup>
  <ItemGroup><ProjectReference Include="$root/src/Runtime/Bunbase.Runtime.csproj" /></ItemGroup>
</Project>
XML
echo 'return await Bunbase.Runtime.Hosting.BunbaseApplication.RunAsync(args, typeof(Program).Assembly);' > "$tmp/many/Program.cs"
echo '{ "name": "many", "port": 3000 }' > "$tmp/many/bunbase.config.json"
cp examples/bunbase-app/Actions/Hello.cs "$tmp/many/Actions/Hello.cs"
for i in $(seq -w 1 199); do
  cat > "$tmp/many/Actions/Action$i.cs" <<CS
using System.ComponentModel.DataAnnotations;
using Bunbase;

namespace BunbaseApp.Actions;

[Action("action-$i", Description = "Generated action $i")]
[Post("/actions/$i")]
public sealed class Action$i : ActionHandler<Action$i.Input, Action$i.Output>
{
    public sealed record Input([Required, StringLength(100)] string Name, [Range(1, 1000)] int Count, string? Note);

    public sealed record Output(string Name, int Count);

    public override Task<Output> RunAsync(Input input, ActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Output(input.Name, input.Count));
}
CS
done

startup() { # startup NAME DIR PROJECT: median start-up of the built app (Release) over 5 starts, and of its first /openapi.json
  local dir=$2 project=$3 times=() listens=() documents=()
  dotnet build "$dir/$project" -c Release -nologo -v q -clp:NoSummary >/dev/null
  local dll="$dir/bin/Release/net10.0/${project%.csproj}.dll"
  for _ in 1 2 3 4 5; do
    rm -rf "$dir/.bunbase"
    t0=$(now)
    (cd "$dir" && PORT=$port exec dotnet "$dll" >/dev/null 2>&1) &
    app=$!
    # Listening: the first TCP connection accepted (polled every 5 ms, at most about 5 minutes).
    for _ in $(seq 1 60000); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.005; done
    listens+=("$(elapsed "$t0" "$(now)")")
    wait_for "http://127.0.0.1:$port/hello"
    times+=("$(elapsed "$t0" "$(now)")")
    # The OpenAPI document is built by its first request.
    t0=$(now)
    curl -sf -o /dev/null "http://127.0.0.1:$port/openapi.json"
    documents+=("$(elapsed "$t0" "$(now)")")
    kill -TERM "$app"; wait "$app" || true
  done
  echo "$(printf '%s\n' "${listens[@]}" | median) $(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${documents[@]}" | median)"
}

dev_times() { # dev_times DIR: warm dev to first 200, then the median of 3 edits to served
  local dir=$1 edits=()
  local project; project=$(ls "$dir"/*.csproj)
  dotnet build "$project" -c Debug -nologo -v q -clp:NoSummary >/dev/null # a warm build cache
  t0=$(now)
  (cd "$dir" && PORT=$port exec dotnet "$tool" dev > "$tmp/dev.log" 2>&1) &
  dev=$!
  wait_for "http://127.0.0.1:$port/hello"
  first=$(elapsed "$t0" "$(now)")
  for n in 1 2 3; do
    sleep 1
    sed -i "s/\"Hello, [A-Za-z0-9]*!\"/\"Hello, edit$n!\"/; s/Hello, {input.Name ?? \"World\"}!/Hello, edit$n!/" "$dir/Actions/Hello.cs"
    t0=$(now)
    wait_for "http://127.0.0.1:$port/hello" "edit$n"
    edits+=("$(elapsed "$t0" "$(now)")")
  done
  kill -TERM "$dev"; wait "$dev" || true
  echo "$first $(printf '%s\n' "${edits[@]}" | median)"
}

echo "startup.sh: measuring start-up (5 starts each)"
read -r example_listen example_start example_document < <(startup example "$tmp/example" BunbaseApp.csproj); echo "startup.sh: example app: listening $example_listen s, first 200 $example_start s, first /openapi.json $example_document s"
read -r many_listen many_start many_document < <(startup many "$tmp/many" Many.csproj); echo "startup.sh: 200 actions: listening $many_listen s, first 200 $many_start s, first /openapi.json $many_document s"
echo "startup.sh: measuring bunbase dev"
read -r dev_first dev_edit < <(dev_times "$tmp/example"); echo "startup.sh: dev, example app: first 200 $dev_first s, edit $dev_edit s"
read -r many_dev_first many_dev_edit < <(dev_times "$tmp/many"); echo "startup.sh: dev, 200 actions: first 200 $many_dev_first s, edit $many_dev_edit s"

mkdir -p "$(dirname "$result")"
cat > "$result" <<MD
# Start-up ($(date -u +%Y-%m-%d))

\`bash benchmarks/startup.sh\` on $(nproc) cores (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)),
.NET $(dotnet --version). Seconds; medians.

| app | built app, process start to listening (Release) | built app, to first 200 | built app, its first \`/openapi.json\` | \`bunbase dev\`, warm, to first 200 | \`bunbase dev\`, edit to first 200 with the new text |
|---|---|---|---|---|---|
| example (16 actions) | $example_listen | $example_start | $example_document | $dev_first | $dev_edit |
| 200 generated actions | $many_listen | $many_start | $many_document | $many_dev_first | $many_dev_edit |

Goals: the built app listens in under 1 s with 200 actions; the first 200 after an edit in \`dev\` in under 5 s.
\`dev\` rebuilds (incrementally, no restore) and restarts the app on a change; the edit column is that
whole cycle (debounce, SIGTERM and drain, build, start). The OpenAPI document is built by its first request
(after the first 200 from /hello): that column is the request's time, the build included.
MD
cat "$result"
