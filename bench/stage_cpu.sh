#!/usr/bin/env bash
# The stage hook's CPU cost per call, side by side: StageCpuCost (this tree's bench jar) run with each
# agent jar in turn, alternating, --reps times, printing the load before each run.
# Usage: bench/stage_cpu.sh --threads 2 --reps 3 agent/target/gatsby-telemetry-agent.jar /path/to/base.jar ...
# Run from the repository root after `mvn -B -q -o -pl agent,bench -am package -DskipTests`.
set -euo pipefail
threads=2
reps=3
agents=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    *) agents+=("$1"); shift ;;
  esac
done
[ ${#agents[@]} -gt 0 ] || { echo "usage: $0 [--threads N] [--reps N] agent.jar..." >&2; exit 64; }
for rep in $(seq 1 "$reps"); do
  for agent in "${agents[@]}"; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    result=$(java -Xms256m -Xmx256m "-javaagent:$agent=stages=dev.gatsbytelemetry.bench.StagedWork#work" \
      -cp bench/target/benchmarks.jar dev.gatsbytelemetry.bench.StageCpuCost \
      --threads "$threads" --rounds 8 --calls 5000000 | tail -1)
    echo "rep $rep, load $load, $agent: $result"
  done
done
