#!/usr/bin/env bash
# Collector query benchmark: fills a DuckDB file with N synthetic events by SQL (FillDuckDb.java),
# starts the packaged collector on it and times every API question over HTTP: one cold request,
# then 5 warm ones (median and max), unfiltered and with all filters set.
#   mvn -B -q package -pl collector -am -DskipTests
#   [COLLECTOR_JAR=other.jar] bench/collector_queries.sh [N=10000000] [existing.duckdb]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${COLLECTOR_JAR:-$here/../collector/target/gatsby-telemetry-collector.jar}"  # COLLECTOR_JAR=base.jar: side by side
n="${1:-10000000}"
file="${2:-}"
work="$(mktemp -d /tmp/collector-query-XXXXXX)"
cleanup() { [ -n "${cpid:-}" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$file" ]; then
  file="$work/q.duckdb"
  echo "== filling $n events"
  java -cp "$jar" "$here/collector/FillDuckDb.java" "$file" "$n"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx512m -jar "$jar" --port "$port" --db "$file" >"$work/out" 2>"$work/err" &
cpid=$!
for _ in $(seq 1 300); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.2; done
cat "$work/out"
filters="component=sitegen&version=1.2.0&command=build&from=2026-03-01&to=2026-09-01"
cpu() { awk '{print $14+$15}' "/proc/$cpid/stat"; }
tick=$(getconf CLK_TCK)
printf '%-22s %-9s %9s %11s %9s %12s %6s\n' endpoint filters cold_s warm_med_s warm_max_s warm_cpu_s rows
for q in commands stages errors plugins plugins/pairs environment stages/by-day stages/by-version facets; do
  for f in none all; do
    url="http://127.0.0.1:$port/api/v1/$q"; [ "$f" = all ] && url="$url?$filters"
    cold=$(curl -s -o "$work/body" -w '%{time_total}' "$url")
    rows=$(python3 -c "import json,sys; print(len(json.load(open('$work/body'))))")
    before=$(cpu)
    warm=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n)
    after=$(cpu)
    # The collector's CPU time per warm request (all its threads): what the query costs, whatever the machine's load.
    percpu=$(python3 -c "print(round(($after - $before) / $tick / 5, 2))")
    printf '%-22s %-9s %9s %11s %9s %12s %6s\n' "$q" "$f" "$cold" "$(echo "$warm" | sed -n 3p)" "$(echo "$warm" | tail -1)" "$percpu" "$rows"
  done
done
echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
