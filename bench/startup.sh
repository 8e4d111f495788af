#!/usr/bin/env bash
# Startup benchmark (see startup.py). Example: bench/startup.sh --runs 20 --pages 200
set -euo pipefail
exec python3 "$(dirname "$0")/startup.py" "$@"
