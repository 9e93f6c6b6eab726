#!/usr/bin/env bash
# Playwright cannot download its own browser here; the e2e tests use Debian's
# Chromium. Install it (and a CJK font, so screenshots and printouts show
# Chinese) when missing. Needs root or sudo, as on CI machines.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "cjk\|wenquanyi\|noto sans sc"; then
  exit 0
fi
echo "Installing Debian chromium and a CJK font for the browser tests …"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
/usr/bin/chromium --version
