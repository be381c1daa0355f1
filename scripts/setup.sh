#!/usr/bin/env bash
# Set-up shared by scripts/demo.sh and .ci/run, for a fresh Debian 12 with Python 3.11:
# Debian packages Qt needs (offscreen and a real X11 window), then a virtual environment with the
# pinned Python dependencies. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

DEBS=(python3-venv python3-pip
      libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libnss3
      libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxrender1 libxi6 libsm6 libice6
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
      libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-xkb1 libxcb-shm0
      poppler-utils faketime
      postgresql)  # the network database tests run against a throw-away PostgreSQL cluster
if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installation des paquets Debian : ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[test]"
# The program's own bytecode, as pip writes it for the installed packages: an editable install
# leaves it to the first run, which then compiles ~300 modules (and every run does, where
# PYTHONDONTWRITEBYTECODE is set).
.venv/bin/python -m compileall -q alize_desktop >/dev/null
