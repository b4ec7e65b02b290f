#!/usr/bin/env bash
# The peers' build of one book, what someone would run instead of
# techshack-book: Pandoc 3 to EPUB, then Pandoc to Typst and `typst compile`
# to PDF. Same metadata and fonts as our book; no network.
#
#   bench/peers/build.sh PANDOC INPUT_DIR OUT_DIR FONTS_DIR [epub|typst|pdf|all]
set -euo pipefail
pandoc=$1 input=$2 out=$3 fonts=$4 step=${5:-all}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
common=(-f markdown --metadata title="EnqueueZero Techshack 2019"
        --metadata author=EnqueueZero --metadata lang=en
        --lua-filter "$here/link-remote-images.lua")
if [[ $step == epub || $step == all ]]; then
    "$pandoc" "${common[@]}" -t epub3 --toc --split-level=1 \
        -o "$out/book.epub" "$input"/*.md
fi
if [[ $step == typst || $step == all ]]; then
    "$pandoc" "${common[@]}" -t typst -s --toc \
        -V mainfont="Charis SIL" -V codefont="JetBrains Mono" -V papersize=a4 \
        -o "$out/book.typ" "$input"/*.md
fi
if [[ $step == pdf || $step == all ]]; then
    # The typst package on PyPI has no command line; its module compiles.
    "${PEER_PYTHON:-python3}" -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])' \
        "$out/book.typ" "$out/book.pdf" "$fonts"
fi
