#!/usr/bin/env bash
# Sets everything up, then opens ALIZÉ Desktop on a fresh demo basin.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/alize-desktop --demo "$@"
