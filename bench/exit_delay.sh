#!/usr/bin/env bash
# Exit-delay benchmark (see exit_delay.py). Example: bench/exit_delay.sh --runs 15
set -euo pipefail
exec python3 "$(dirname "$0")/exit_delay.py" "$@"
