//! Subsets of TrueType fonts, for embedding in both books: only the glyphs
//! a book uses keep their outlines.
//!
//! Glyph ids never change (glyphs not needed are emptied rather than
//! removed), so `hmtx`, `maxp`, `hhea`, the hinting tables and — for the
//! PDF — the glyph ids printpdf writes into content streams and its
//! ToUnicode map stay valid as they are. The subset rebuilds `loca` (long
//! format) and `glyf`, turns `post` into a version 3 table (no glyph
//! names) and leaves out the layout tables (`GSUB`, `GPOS`, `GDEF`: shaping
//! is done before embedding, and in a diagram ligatures would join
//! characters that must each keep their column) and any signature. The
//! `name` table, with the font's copyright and licence, is kept.
//!
//! Two entry points: [`subset_glyphs`] keeps the font's own `cmap` (the
//! PDF addresses glyphs by id); [`subset_compact`] keeps the glyphs of a
//! set of characters, renumbered, with a `cmap` for exactly those and no
//! hinting (a web font in the EPUB is addressed by character).
//!
//! Only TrueType outlines (`glyf`) are handled, and [`subset_compact`] only maps
//! characters of the Basic Multilingual Plane; anything else gives `None`
//! and the caller embeds the font whole or does without it.

use std::collections::{BTreeMap, BTreeSet};

mod compact;
pub use compact::subset_compact;

/// The tables copied unchanged into the subset.
const KEPT_TABLES: [&[u8; 4]; 9] = [
    b"OS/2", b"cvt ", b"fpgm", b"gasp", b"hhea", b"hmtx", b"maxp", b"name", b"prep",
];

/// Composite glyph flags (OpenType `glyf` table).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// A copy of the TrueType font `font` in which only the glyphs in `used`
/// (plus `.notdef` and the parts of composite glyphs) keep their outlines,
/// with the font's own `cmap`; `None` when the font cannot be subset.
pub fn subset_glyphs(font: &[u8], used: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    build(&face, used, None)
}

/// Where glyph `gid`'s outline lies in a `glyf` table of `glyf_len`
/// bytes, by the `loca` table (`long_loca`: its 32-bit form, as `head`
/// says); `None` when `loca` is short or the range falls outside `glyf`.
pub(crate) fn glyph_range(
    loca: &[u8],
    long_loca: bool,
    gid: usize,
    glyf_len: usize,
) -> Option<(usize, usize)> {
    let (start, end) = if long_loca {
        (
            read_u32(loca, gid * 4)? as usize,
            read_u32(loca, gid * 4 + 4)? as usize,
        )
    } else {
        (
            usize::from(read_u16(loca, gid * 2)?) * 2,
            usize::from(read_u16(loca, gid * 2 + 2)?) * 2,
        )
    };
    (start <= end && end <= glyf_len).then_some((start, end))
}

/// The subset of `face` keeping `glyphs`, with `cmap` as its character
/// map (`None`: the face's own).
fn build(
    face: &ttf_parser::Face<'_>,
    glyphs: &BTreeSet<u16>,
    cmap: Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag));
    let head = table(b"head")?;
    let glyf = table(b"glyf")?;
    let loca = table(b"loca")?;
    let num_glyphs = usize::from(face.number_of_glyphs());
    if head.len() < 54 || num_glyphs == 0 || !embedding_allowed(table(b"OS/2")) {
        return None;
    }
    let long_loca = read_u16(head, 50)? != 0;
    let glyph_range = |gid: usize| glyph_range(loca, long_loca, gid, glyf.len());

    // The glyphs asked for, .notdef, and the components of composites.
    let mut keep = BTreeSet::new();
    let mut pending: Vec<u16> = glyphs.iter().copied().chain([0]).collect();
    while let Some(gid) = pending.pop() {
        if usize::from(gid) >= num_glyphs || !keep.insert(gid) {
            continue;
        }
        let (start, end) = glyph_range(usize::from(gid))?;
        pending.extend(components(&glyf[start..end])?);
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
    for gid in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if keep.contains(&(gid as u16)) {
            let (start, end) = glyph_range(gid)?;
            new_glyf.extend_from_slice(&glyf[start..end]);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.to_vec();
    new_head[8..12].fill(0); // checkSumAdjustment, set at the end
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca

    let mut post = table(b"post")
        .filter(|p| p.len() >= 32)
        .map(|p| p[..32].to_vec())
        .unwrap_or_else(|| vec![0; 32]);
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    let cmap = match cmap {
        Some(cmap) => cmap,
        None => table(b"cmap")?.to_vec(),
    };
    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"cmap", cmap),
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"loca", new_loca),
        (*b"post", post),
    ];
    for tag in KEPT_TABLES {
        if let Some(data) = table(tag) {
            tables.push((*tag, data.to_vec()));
        }
    }
    for required in [b"hhea", b"hmtx", b"maxp"] {
        if !tables.iter().any(|(tag, _)| tag == required) {
            return None;
        }
    }
    tables.sort_by_key(|(tag, _)| *tag);
    Some(assemble(&tables))
}

/// Whether the OS/2 `fsType` allows embedding the font in a document
/// (bit 1, "restricted licence", forbids it).
fn embedding_allowed(os2: Option<&[u8]>) -> bool {
    match os2.and_then(|t| read_u16(t, 8)) {
        Some(fs_type) => fs_type & 0x0002 == 0,
        None => true,
    }
}

/// The bytes that follow a composite glyph's component record's flags
/// and glyph id, by its `flags`: its two arguments (bytes or words), then
/// its transform (none, one scale, x and y scales, or a 2 × 2 matrix).
pub(crate) fn component_tail_len(flags: u16) -> usize {
    let arguments = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
        4
    } else {
        2
    };
    let transform = if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    arguments + transform
}

/// The glyph ids a composite glyph is built from (none for a simple or
/// empty glyph); `None` when the data is damaged.
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    if glyph.len() < 10 || read_u16(glyph, 0)? as i16 >= 0 {
        return Some(Vec::new());
    }
    let mut found = Vec::new();
    let mut at = 10;
    loop {
        let flags = read_u16(glyph, at)?;
        found.push(read_u16(glyph, at + 2)?);
        at += 4 + component_tail_len(flags);
        if flags & MORE_COMPONENTS == 0 {
            return Some(found);
        }
    }
}

/// A `cmap` table with one (3, 1) format 4 subtable mapping `map`.
fn cmap_table(map: &BTreeMap<u16, u16>) -> Vec<u8> {
    // Runs of consecutive codes with consecutive glyph ids share a segment.
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, first gid
    for (&code, &gid) in map {
        match segments.last_mut() {
            Some((start, end, first))
                if u32::from(*end) + 1 == u32::from(code)
                    && u32::from(*first) + u32::from(code - *start) == u32::from(gid) =>
            {
                *end = code;
            }
            _ => segments.push((code, code, gid)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1)); // the required final segment (maps to 0)
    let seg_count = segments.len() as u16;
    let entry_selector = 15 - seg_count.leading_zeros() as u16; // floor(log2)
    let search_range = 2 * (1u16 << entry_selector);
    let length = 16 + 8 * seg_count;

    let mut sub = Vec::with_capacity(usize::from(length));
    for value in [
        4,
        length,
        0,
        seg_count * 2,
        search_range,
        entry_selector,
        seg_count * 2 - search_range,
    ] {
        sub.extend_from_slice(&value.to_be_bytes());
    }
    for &(_, end, _) in &segments {
        sub.extend_from_slice(&end.to_be_bytes());
    }
    sub.extend_from_slice(&0u16.to_be_bytes());
    for &(start, _, _) in &segments {
        sub.extend_from_slice(&start.to_be_bytes());
    }
    for &(start, _, gid) in &segments {
        sub.extend_from_slice(&gid.wrapping_sub(start).to_be_bytes());
    }
    for _ in &segments {
        sub.extend_from_slice(&0u16.to_be_bytes());
    }

    let mut out = Vec::with_capacity(12 + sub.len());
    for value in [0u16, 1, 3, 1] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    out.extend_from_slice(&sub);
    out
}

/// The font file made of `tables` (sorted by tag), with the table
/// directory, checksums and `head.checkSumAdjustment` filled in.
fn assemble(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let num_tables = tables.len() as u16;
    let entry_selector = 15 - num_tables.leading_zeros() as u16;
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for value in [
        num_tables,
        search_range,
        entry_selector,
        num_tables * 16 - search_range,
    ] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_offset = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_offset = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_offset {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The OpenType checksum of `data`: the sum of its big-endian 32-bit words,
/// the last padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    #[test]
    fn subset_glyphs_keeps_ids_and_the_fonts_own_cmap() {
        let data = Resources::builtin().fonts.regular.data;
        let face = ttf_parser::Face::parse(&data, 0).expect("font");
        let gid_a = face.glyph_index('A').expect("A").0;
        let gid_z = face.glyph_index('z').expect("z").0;
        let small = subset_glyphs(&data, &BTreeSet::from([gid_a])).expect("subset");
        assert!(
            small.len() < data.len() / 4,
            "{} vs {}",
            small.len(),
            data.len()
        );
        let sub = ttf_parser::Face::parse(&small, 0).expect("subset parses");
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs());
        assert_eq!(sub.glyph_index('A').map(|g| g.0), Some(gid_a));
        assert_eq!(sub.glyph_index('z').map(|g| g.0), Some(gid_z), "cmap kept");
        assert!(sub.glyph_bounding_box(ttf_parser::GlyphId(gid_a)).is_some());
        assert!(sub.glyph_bounding_box(ttf_parser::GlyphId(gid_z)).is_none());
        assert_eq!(
            sub.glyph_hor_advance(ttf_parser::GlyphId(gid_a)),
            face.glyph_hor_advance(ttf_parser::GlyphId(gid_a))
        );
        assert_eq!(checksum(&small), 0xB1B0_AFBA, "whole-font checksum");
    }

    #[test]
    fn fonts_that_cannot_be_subset_give_none() {
        let chars = BTreeSet::from(['a']);
        assert_eq!(subset_compact(b"not a font", &chars), None);
        assert_eq!(subset_compact(&[], &chars), None);
        assert_eq!(subset_glyphs(b"not a font", &BTreeSet::from([1])), None);
    }
}
