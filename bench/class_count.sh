#!/usr/bin/env bash
# Per-class cost benchmark (see class_count.py). Example: bench/class_count.sh --runs 10
set -euo pipefail
exec python3 "$(dirname "$0")/class_count.py" "$@"
