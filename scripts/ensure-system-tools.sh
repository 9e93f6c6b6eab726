#!/usr/bin/env bash
# System programs the test suite drives, installed from Debian when missing
# (needs root or sudo, as on CI machines):
# - Chromium and a CJK font: Playwright cannot download its own browser here;
#   the font makes screenshots and printed PDFs show Chinese.
# - LibreOffice Calc (headless): a real office suite that writes the files
#   offices import and opens the .xlsx files the system exports.
# - poppler-utils (pdftotext): reads the text of a printed publicity notice.
# - python3-openpyxl, python3-xlsxwriter: the Python writers of .xlsx files that offices' scripts send
#   (the import tests use Debian's /usr/bin/python3, see apps/api/test/python-writers.ts).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "cjk\|wenquanyi\|noto sans sc" || missing+=(fonts-wqy-microhei)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
/usr/bin/python3 -c "import openpyxl" 2>/dev/null || missing+=(python3-openpyxl)
/usr/bin/python3 -c "import xlsxwriter" 2>/dev/null || missing+=(python3-xlsxwriter)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing from Debian for the tests: ${missing[*]} …"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
