#!/usr/bin/env python3
"""Makes the Chinese face of the PDF: a TrueType (glyf) subset of a Noto CJK
font, small enough to compile into the binary.

Why: the Noto CJK fonts are CFF (PostScript outlines) and cover ~65,000
glyphs in ~20 MB per weight. The PDF writer subsets and shapes TrueType
fonts only, and embeds anything else whole, so the shipped face is
converted to quadratic glyf outlines here, once, and cut down to what
Simplified Chinese text needs.

What is kept (see `codepoints`):
  * every character of GB 2312 (its 6,763 hanzi, and its punctuation,
    fullwidth forms, kana, Greek, Cyrillic, box drawing and symbols),
    enumerated by decoding every GB 2312 code point;
  * CJK Symbols and Punctuation (U+3000-303F), Halfwidth and Fullwidth
    Forms (U+FF00-FFEF), CJK Compatibility Forms (U+FE30-FE4F), Vertical
    Forms (U+FE10-FE1F), General Punctuation (U+2000-206F);
  * Basic Latin and Latin-1 Supplement (the Latin the font has), so that a
    run of Chinese with a stray letter stays in one face when needed;
  * hanzi outside GB 2312 that tech writing uses (EXTRA_HANZI).
Dropped: hinting, vertical metrics (VORG, vhea, vmtx: the book is set
horizontally), glyph names (post format 3), OpenType features other than
`ccmp`, `kern`, `liga`, `mark` and `mkmk` (the writer shapes with the
default features; the others only add alternate glyphs).

Usage (fontTools 4.x: `pip install fonttools`; the fonts from Debian's
`fonts-noto-cjk` package or github.com/notofonts/noto-cjk):

    python3 fonts/make-cjk-subset.py \\
        /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \\
        fonts/NotoSerifSC-Regular-GB2312.ttf

The input may be a .ttc (its Simplified Chinese member is taken) or an
.otf/.ttf.
"""

import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

# Largest distance, in font units (1000 per em), between a cubic curve of
# the source and the quadratic splines that replace it. One unit at 10 pt
# is 0.01 pt: invisible, and larger errors barely shrink the file.
MAX_ERROR = 1.0

# Hanzi missing from GB 2312 but common in computing and in names of the
# digests' subjects (e.g. 啰 in 啰嗦, 犇, 喆, 堃, 镕). Add here as needed.
EXTRA_HANZI = "啰喆堃犇镕昇玥珺琸璟赟翀妤旻昪祎玮曌"


def codepoints():
    """The set of code points the subset keeps."""
    keep = set()
    # GB 2312 (EUC-CN): rows 0xA1-0xF7, cells 0xA1-0xFE.
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                ch = bytes([row, cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            keep.add(ord(ch))
    ranges = [
        (0x0020, 0x007E),  # Basic Latin
        (0x00A0, 0x00FF),  # Latin-1 Supplement
        (0x2000, 0x206F),  # General Punctuation
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFE10, 0xFE1F),  # Vertical Forms
        (0xFE30, 0xFE4F),  # CJK Compatibility Forms
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    ]
    for lo, hi in ranges:
        keep.update(range(lo, hi + 1))
    keep.update(ord(ch) for ch in EXTRA_HANZI)
    return keep


def open_simplified_chinese(path):
    """The Simplified Chinese member of a collection, or the font itself."""
    if not path.lower().endswith((".ttc", ".otc")):
        return TTFont(path)
    for font in TTCollection(path).fonts:
        name = font["name"].getDebugName(6) or ""
        if "SC" in name or "sc-" in name:
            return font
    sys.exit(f"{path}: no Simplified Chinese (SC) member")


def cff_to_glyf(font):
    """Replaces the CFF outlines of `font` by TrueType quadratic ones."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints maxStorage maxFunctionDefs maxInstructionDefs "
        "maxStackElements maxSizeOfInstructions maxComponentElements"
    ).split():
        setattr(maxp, field, 0)
    maxp.maxPoints = maxp.maxContours = 0
    maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    # recalculates maxp, head bbox and hmtx lsb from the new outlines
    font.recalcBBoxes = True


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, target = sys.argv[1], sys.argv[2]
    font = open_simplified_chinese(source)
    options = subset.Options()
    # Not the default set: its `locl` and vertical features (`vert`,
    # `vrt2`) pull in the Japanese, Korean, Traditional and vertical forms
    # of thousands of glyphs, nearly doubling the file.
    options.layout_features = ["ccmp", "kern", "liga", "mark", "mkmk"]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    cff_to_glyf(font)
    font.save(target)
    kept = len(font.getGlyphOrder())
    print(f"{target}: {kept} glyphs")


if __name__ == "__main__":
    main()
