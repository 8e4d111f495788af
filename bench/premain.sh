#!/usr/bin/env bash
# Premain side by side with another agent jar (see premain.py).
set -euo pipefail
exec python3 "$(dirname "$0")/premain.py" "$@"
