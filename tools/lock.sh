#!/usr/bin/env bash
# Refresh constraints.txt: the newest releases of every dependency, installed in a fresh virtualenv,
# tested, then frozen.  Usage: bash tools/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .lock-venv && python3 -m venv .lock-venv
.lock-venv/bin/python -m pip install --quiet --upgrade pip
.lock-venv/bin/pip install --quiet --upgrade -e '.[test]'
.lock-venv/bin/python -m pytest -q
.lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt
rm -rf .lock-venv
echo "constraints.txt 已更新"
