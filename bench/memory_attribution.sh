#!/usr/bin/env bash
# Peak RSS attribution on real tools (see memory_attribution.py). Example: bench/memory_attribution.sh --tool checkstyle
set -euo pipefail
exec python3 "$(dirname "$0")/memory_attribution.py" "$@"
