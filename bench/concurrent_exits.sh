#!/usr/bin/env bash
# Concurrent-exit benchmark (see concurrent_exits.py). Example: bench/concurrent_exits.sh --concurrency 20,50 --rounds 2
set -euo pipefail
exec python3 "$(dirname "$0")/concurrent_exits.py" "$@"
