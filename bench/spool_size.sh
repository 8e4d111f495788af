#!/usr/bin/env bash
# Spool-size benchmark (see spool_size.py). Example: bench/spool_size.sh --runs 12 --files 0,100,900,1000
set -euo pipefail
exec python3 "$(dirname "$0")/spool_size.py" "$@"
