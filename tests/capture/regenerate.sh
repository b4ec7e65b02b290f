#!/bin/sh
# Regenerates the real-tool capture fixtures (tests/fixtures/captures/{lynx,w3m,html2text}/):
# each source issue of the round trip is written as its web page by the
# capture simulator, then dumped as text by the tools, with their default
# options. Kept as fixtures so that the tests do not depend on the tools'
# versions. The committed fixtures were made with:
#   Lynx 2.9.0dev.12 (Debian 12 package lynx), `lynx -dump`
#   w3m 0.5.3+git20230121 (Debian 12 package w3m), `w3m -dump`
#   html2text 2025.4.15 (PyPI), `html2text --body-width=0` (its output is
#   Markdown; by default it wraps at 78 columns even inside `##` headings
#   and link addresses, which breaks its own Markdown)
# Needs: lynx and w3m (apt-get install lynx w3m); html2text from PyPI is
# installed into target/capture-tools/venv when missing.
set -eu
cd "$(dirname "$0")/../.."
venv=target/capture-tools/venv
if [ ! -x "$venv/bin/html2text" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet html2text
fi
html=target/capture-tools/html
rm -rf "$html"
cargo run --quiet --example capture -- html "$html"
out=tests/fixtures/captures
mkdir -p "$out/lynx" "$out/w3m" "$out/html2text"
for page in "$html"/*.html; do
    name=$(basename "$page" .html)
    lynx -dump "$page" >"$out/lynx/$name.txt"
    w3m -dump -T text/html "$page" >"$out/w3m/$name.txt"
    "$venv/bin/html2text" --body-width=0 "$page" utf-8 >"$out/html2text/$name.txt"
done
echo "wrote $(ls "$html" | wc -l) issues x 3 tools into $out"
