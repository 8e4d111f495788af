#!/usr/bin/env bash
# Cold HTTPS POST, step by step (see cold_tls.py). Example: bench/cold_tls.sh --runs 10
set -euo pipefail
exec python3 "$(dirname "$0")/cold_tls.py" "$@"
