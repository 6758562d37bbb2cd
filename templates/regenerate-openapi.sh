#!/usr/bin/env bash
# Regenerates templates/bunbase/openapi.json, the starter's committed OpenAPI document, from the
# runtime's sources (the end-to-end test compares it with what a generated app serves).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work="$root/benchmarks/results/tmp/starter-openapi"
rm -rf "$work"; mkdir -p "$work"
cp -r templates/bunbase/Actions templates/bunbase/Program.cs templates/bunbase/bunbase.config.json templates/bunbase/migrations "$work/"
cat > "$work/StarterApp1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><RootNamespace>StarterApp1</RootNamespace><IsPackable>false</IsPackable></PropertyGroup>
  <ItemGroup><ProjectReference Include="$root/src/Runtime/Bunbase.Runtime.csproj" /></ItemGroup>
</Project>
XML
dotnet run --project src/Cli -- openapi --config "$work/bunbase.config.json" --output "$root/templates/bunbase/openapi.json"
rm -rf "$work"
