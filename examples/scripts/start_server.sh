#!/bin/bash
# ApplicationStart: (re)start the systemd unit.
set -euo pipefail
systemctl daemon-reload
systemctl enable --now web-frontend
