#!/bin/bash
# ApplicationStop: stop the running app, if any.
set -euo pipefail
if systemctl is-active --quiet web-frontend; then
  systemctl stop web-frontend
fi
