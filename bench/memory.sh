#!/usr/bin/env bash
# Memory benchmark (see memory.py). Example: bench/memory.sh --runs 7
set -euo pipefail
exec python3 "$(dirname "$0")/memory.py" "$@"
