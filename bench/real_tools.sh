#!/usr/bin/env bash
# Real tools benchmark (see real_tools.py). Example: bench/real_tools.sh --tool checkstyle --runs 10
set -euo pipefail
exec python3 "$(dirname "$0")/real_tools.py" "$@"
