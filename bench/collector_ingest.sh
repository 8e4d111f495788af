#!/usr/bin/env bash
# Collector ingest benchmark: the packaged collector (-Xmx512m) on a fresh DuckDB file, or on a
# PostgreSQL 15 cluster started here (--postgres), and the load generator on the same machine.
# Prints the generator's summary plus the collector's CPU seconds and peak RSS over the measured run.
#   mvn -B -q package -pl collector -am -DskipTests
#   bench/collector_ingest.sh [--jar other.jar] [--postgres] [--seconds 60] [--clients 32] [--batch 100] [--rate 20000] [--xmx 512m]
#       [--warmup 30] [--no-prepare] [--db-file existing.duckdb]   (--rate 0: as fast as answers come)
# The generator prepares the measured window's gzip'd bodies before it (distinct events, every one new to
# the collector; enough for 30,000 events/s, or --rate if higher), so the window measures the collector:
# --no-prepare builds each body when it is sent, as before session 6. --db-file: ingest into an existing
# DuckDB file (e.g. a copy of a 10 M-event file; it is kept, and written to: pass a copy).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../collector/target/gatsby-telemetry-collector.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q package -pl collector -am -DskipTests" >&2; exit 1; }
# Defaults (session 6): the goal's shape. 32 clients, not 8: at 20,000 events/s in batches of at most 100
# (the agent's limit) at least 200 requests a second arrive from different machines, and with answers
# taking ~100-150 ms that is 20-30 requests in flight (Little's law); 8 clients that each wait for their
# answer cap it at 8 and give the writer 400-event groups instead of ~1,650. A 30 s warm-up: the JIT's
# compilers still took 18-22 us of CPU per event in the window after 10 s, 4-10 after 20-30 s.
backend=duckdb seconds=60 clients=32 batch=100 rate=20000 xmx=512m warmup=30 prepare=1 dbfile= extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) backend=postgres ;;
    --jar) jar="$2"; shift ;;  # e.g. a base build, for a side-by-side run
    --seconds) seconds="$2"; shift ;;
    --clients) clients="$2"; shift ;;
    --batch) batch="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --xmx) xmx="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --no-prepare) prepare=0 ;;
    --db-file) dbfile="$2"; shift ;;
    *) extra+=("$1") ;;
  esac
  shift
done
work="$(mktemp -d /tmp/collector-bench-XXXXXX)"
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pg=/usr/lib/postgresql/15/bin
cleanup() {
  [ -n "${cpid:-}" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null || true
  if [ "$backend" = postgres ]; then runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$backend" = postgres ]; then
  pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  chown postgres "$work"
  runuser -u postgres -- "$pg/initdb" -D "$work/pg" -U postgres -A trust --no-sync >/dev/null
  runuser -u postgres -- "$pg/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c synchronous_commit=on" start >/dev/null
  runuser -u postgres -- "$pg/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE telemetry"
  db="jdbc:postgresql://127.0.0.1:$pgport/telemetry?user=postgres"
elif [ -n "$dbfile" ]; then
  db="$dbfile"
else
  db="$work/bench.duckdb"
fi
# COLLECTOR_JAVA_OPTS: more JVM options, e.g. -XX:NativeMemoryTracking=summary (then the JVM's own
# native memory is printed at the end, beside the peak RSS).
# shellcheck disable=SC2086
java -Xmx"$xmx" ${COLLECTOR_JAVA_OPTS:-} -jar "$jar" --port "$port" --db "$db" "${extra[@]}" >"$work/out" 2>"$work/err" &
cpid=$!
for _ in $(seq 1 300); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.2; done
cat "$work/out"
url="http://127.0.0.1:$port/v1/events"
# Compiled once, so that the measured run's CPU (printed as "load generator cpu seconds") is the
# generator's own work, not javac's.
javac -d "$work/load-classes" "$here/collector/IngestLoad.java"
echo "== warm-up ${warmup}s"
java -cp "$work/load-classes" IngestLoad --url "$url" --seconds "$warmup" --clients "$clients" --batch "$batch" --rate 0 | sed 's/^/   /'
cpu() { awk '{print $14+$15}' "/proc/$cpid/stat"; }
# CPU ticks per thread group (thread name without its number): where the collector's CPU goes.
threads() {
  for t in /proc/"$cpid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}')"
  done | python3 -c '
import re, sys, collections
c = collections.Counter()
for line in sys.stdin:
    name, _, ticks = line.rstrip("\n").partition("\t")
    if ticks:
        c[re.sub(r"[-# ]*[0-9]*$", "", name).strip() or "?"] += int(ticks)
print(" ".join("%s=%d" % (k.replace(" ", "_"), v) for k, v in c.items()))'
}
tick=$(getconf CLK_TCK)
prepared=0
if [ "$prepare" = 1 ]; then
  prepared=$(python3 -c "print(int($seconds * max(float('$rate'), 30000)))")
fi
echo "== measured ${seconds}s, backend $backend, -Xmx$xmx, $prepared events prepared before the window"
java -Xmx2g -cp "$work/load-classes" IngestLoad --url "$url" --seconds "$seconds" --clients "$clients" --batch "$batch" \
  --rate "$rate" --prepare "$prepared" --start-file "$work/start" >"$work/load" &
lpid=$!
for _ in $(seq 1 12000); do grep -q '^prepared' "$work/load" 2>/dev/null && break; sleep 0.01; done
# The collector's CPU is sampled here, once the bodies are prepared, right before the window starts.
threads >"$work/threads-before"
before=$(cpu)
touch "$work/start"
wait "$lpid"
after=$(cpu)
threads >"$work/threads-after"
grep -v '^prepared' "$work/load"
accepted=$(sed -n 's/^accepted events=\([0-9]*\).*/\1/p' "$work/load")
cpus=$(python3 -c "print(round(($after - $before) / $tick, 2))")
echo "collector cpu seconds=$cpus  events per cpu-second=$(python3 -c "print(round($accepted / max($cpus, 0.01)))")  peak rss=$(grep VmHWM /proc/$cpid/status | awk '{print $2/1024 " MiB"}')  machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${COLLECTOR_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  echo "rss now=$(grep VmRSS /proc/$cpid/status | awk '{print $2/1024 " MiB"}'); JVM native memory (committed):"
  jcmd "$cpid" VM.native_memory summary | grep -E "^Total|^-  *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Native Memory Tracking|Arena Chunk|Metaspace)" | sed 's/^/   /'
fi
python3 - "$work/threads-before" "$work/threads-after" "$tick" "$accepted" <<'PY'
import sys
def read(path):
    return {k: int(v) for k, v in (kv.split("=") for kv in open(path).read().split())}
before, after, tick, events = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3]), max(1, int(sys.argv[4]))
delta = sorted(((after[k] - before.get(k, 0)) / tick, k) for k in after)
print("collector cpu by thread (s, us/event): " + ", ".join("%s %.2f (%.0f)" % (k, s, s * 1e6 / events) for s, k in reversed(delta) if s >= 0.05))
PY
gcpu=$(sed -n 's/^generator window cpu seconds=\([0-9.]*\).*/\1/p' "$work/load")
echo "load generator cpu seconds in the window=$gcpu  ($(python3 -c "print(round($accepted / max($gcpu, 0.01)))") events per generator cpu-second, $(python3 -c "print(round($gcpu * 1e6 / max($accepted, 1)))") us/event)"
# A clean stop (SIGTERM) makes the collector log its writer's statistics: how large group commits were
# (warm-up included).
kill -TERM "$cpid" && wait "$cpid" 2>/dev/null || true
cpid=
grep -h "storage writer:" "$work/err" "$work/out" | sed 's/^.*storage writer/storage writer/' || true
grep -iE "OutOfMemory|Exception" "$work/err" | head -5 || true
