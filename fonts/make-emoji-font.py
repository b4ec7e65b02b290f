#!/usr/bin/env python3
"""Makes the emoji and symbols face of the PDF: the monochrome Noto Emoji
as a TrueType (glyf) font, trimmed to what the PDF writer uses.

Why: issues decorate text with emoji and pictographs (✨ ✅ ❤ 🚀), which
neither Charis SIL nor JetBrains Mono nor the Chinese faces draw. Colour
emoji fonts (bitmaps or COLR layers) cannot be subset by the PDF writer;
the monochrome Noto Emoji has plain outlines, under the SIL Open Font
License (fonts/LICENSE-NotoEmoji.txt).

Source: the Fontsource package of Noto Emoji, weight 400, the file that
covers every emoji (`npm pack @fontsource/noto-emoji`, then
`package/files/noto-emoji-emoji-400-normal.woff`). It already has glyf
outlines (2048 units per em).

What is kept: every character of the source (its ~1,460 code points: the
Unicode emoji of the Miscellaneous Symbols, Dingbats, Arrows, Miscellaneous
Technical, Geometric Shapes and the supplementary pictograph blocks
U+1F000-1FAFF, the keycap digits, and the variation selector U+FE0F and
zero-width joiner U+200D), and the `ccmp`/`liga` substitutions (emoji
sequences). Dropped: hinting, vertical metrics (vhea, vmtx), the STAT
table, glyph names (post format 3).

Usage (fontTools 4.x: `pip install fonttools`; a .woff2 input also needs
`pip install brotli`):

    python3 fonts/make-emoji-font.py \\
        package/files/noto-emoji-emoji-400-normal.woff \\
        fonts/NotoEmoji-Regular.ttf
"""

import sys

from fontTools import subset
from fontTools.ttLib import TTFont


def main(source, target):
    font = TTFont(source)
    font.flavor = None
    keep = sorted(font.getBestCmap())
    options = subset.Options()
    options.layout_features = ["ccmp", "liga", "rlig"]
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["STAT", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font["post"].formatType = 3.0
    font.save(target)
    print(f"{target}: {len(keep)} characters, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
