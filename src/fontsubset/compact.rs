//! A compact subset for a web font in the EPUB: only the glyphs of a set
//! of characters (and their components), renumbered from 0, with no
//! hinting.
//!
//! A reading system addresses a web font by character, so, unlike the
//! PDF's subsets, glyph ids need not stay as they were: the glyphs kept
//! are renumbered, and `hmtx`, `loca`, `maxp` and `hhea` shrink to them
//! instead of keeping a slot for every glyph of the font. Screens render
//! outlines without TrueType hinting (most reading systems ignore it), so
//! the hinting tables (`fpgm`, `prep`, `cvt `, `gasp`) and every glyph's
//! instructions are left out. `name` (copyright and licence) and `OS/2`
//! are kept.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    assemble, cmap_table, component_tail_len, components, embedding_allowed, glyph_range, read_u16,
    MORE_COMPONENTS,
};

/// A composite glyph's flag: instructions follow the last component.
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// The compact subset of the TrueType font `font` holding the glyphs of
/// `chars` (see the module documentation), or `None` when the font cannot
/// be subset (not TrueType outlines, damaged, or its licence forbids
/// embedding).
pub fn subset_compact(font: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| raw.table(ttf_parser::Tag::from_bytes(tag));
    let (head, glyf, loca) = (table(b"head")?, table(b"glyf")?, table(b"loca")?);
    let (hhea, hmtx, maxp) = (table(b"hhea")?, table(b"hmtx")?, table(b"maxp")?);
    let num_glyphs = usize::from(face.number_of_glyphs());
    if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 || num_glyphs == 0 {
        return None;
    }
    if !embedding_allowed(table(b"OS/2")) {
        return None;
    }
    let long_loca = read_u16(head, 50)? != 0;
    let glyph = |gid: u16| -> Option<&[u8]> {
        let (start, end) = glyph_range(loca, long_loca, usize::from(gid), glyf.len())?;
        glyf.get(start..end)
    };

    let mut by_char = BTreeMap::new();
    for &c in chars {
        if let (Ok(code), Some(gid)) = (u16::try_from(u32::from(c)), face.glyph_index(c)) {
            if gid.0 != 0 && code != 0xFFFF {
                by_char.insert(code, gid.0);
            }
        }
    }
    // The glyphs asked for, .notdef, and the components of composites.
    let mut keep = BTreeSet::new();
    let mut pending: Vec<u16> = by_char.values().copied().chain([0]).collect();
    while let Some(gid) = pending.pop() {
        if usize::from(gid) >= num_glyphs || !keep.insert(gid) {
            continue;
        }
        pending.extend(components(glyph(gid)?)?);
    }
    // Old id to new, in the old order (so .notdef stays 0).
    let new_id: BTreeMap<u16, u16> = keep
        .iter()
        .enumerate()
        .map(|(new, &old)| Some((old, u16::try_from(new).ok()?)))
        .collect::<Option<_>>()?;
    let count = u16::try_from(keep.len()).ok()?;

    let long_metrics = usize::from(read_u16(hhea, 34)?).clamp(1, num_glyphs);
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((keep.len() + 1) * 4);
    let mut new_hmtx = Vec::with_capacity(keep.len() * 4);
    for &old in &keep {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        new_glyf.extend(without_instructions(glyph(old)?, &new_id)?);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let old = usize::from(old);
        let advance = read_u16(hmtx, old.min(long_metrics - 1) * 4)?;
        let side_bearing = if old < long_metrics {
            read_u16(hmtx, old * 4 + 2)?
        } else {
            read_u16(hmtx, long_metrics * 4 + (old - long_metrics) * 2)?
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&side_bearing.to_be_bytes());
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());

    let mut new_head = head.to_vec();
    new_head[8..12].fill(0); // checkSumAdjustment, set by `assemble`
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca
    let mut new_hhea = hhea.to_vec();
    new_hhea[34..36].copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&count.to_be_bytes());
    if new_maxp.len() >= 32 {
        // No glyph has instructions any more.
        new_maxp[26..28].fill(0);
    }
    let mut post = table(b"post")
        .filter(|p| p.len() >= 32)
        .map(|p| p[..32].to_vec())
        .unwrap_or_else(|| vec![0; 32]);
    post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    let cmap: BTreeMap<u16, u16> = by_char
        .iter()
        .filter_map(|(&code, old)| Some((code, *new_id.get(old)?)))
        .collect();

    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"cmap", cmap_table(&cmap)),
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
        (*b"post", post),
    ];
    for tag in [b"OS/2", b"name"] {
        if let Some(data) = table(tag) {
            tables.push((*tag, data.to_vec()));
        }
    }
    tables.sort_by_key(|(tag, _)| *tag);
    Some(assemble(&tables))
}

/// The glyph `data` without its hinting instructions, its components
/// renumbered by `new_id`; `None` when the data is damaged.
fn without_instructions(data: &[u8], new_id: &BTreeMap<u16, u16>) -> Option<Vec<u8>> {
    if data.is_empty() {
        return Some(Vec::new());
    }
    let contours = read_u16(data, 0)? as i16;
    if contours >= 0 {
        // Header, end points of contours, then the instructions' length.
        let at = 10 + 2 * usize::try_from(contours).ok()?;
        let length = usize::from(read_u16(data, at)?);
        let rest = data.get(at + 2 + length..)?;
        let mut out = Vec::with_capacity(at + 2 + rest.len());
        out.extend_from_slice(&data[..at]);
        out.extend_from_slice(&0u16.to_be_bytes());
        out.extend_from_slice(rest);
        return Some(out);
    }
    let mut out = data.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = read_u16(data, at)?;
        let component = read_u16(data, at + 2)?;
        out.extend_from_slice(&(flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(&new_id.get(&component)?.to_be_bytes());
        let size = component_tail_len(flags);
        out.extend_from_slice(data.get(at + 4..at + 4 + size)?);
        at += 4 + size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONO: &[u8] = include_bytes!("../../fonts/JetBrainsMono-Regular.ttf");

    #[test]
    fn only_the_glyphs_asked_for_renumbered_without_hinting() {
        let chars: BTreeSet<char> = "+-|: /.0123456789abcdefgAZ é┌─┐".chars().collect();
        let font = subset_compact(MONO, &chars).expect("subset");
        let whole = ttf_parser::Face::parse(MONO, 0).unwrap();
        let face = ttf_parser::Face::parse(&font, 0).expect("a font");
        assert!(usize::from(face.number_of_glyphs()) <= chars.len() + 4);
        assert!(font.len() < 12_000, "{} bytes", font.len());
        for c in chars {
            let (old, new) = (whole.glyph_index(c).unwrap(), face.glyph_index(c).unwrap());
            assert_eq!(
                face.glyph_bounding_box(new),
                whole.glyph_bounding_box(old),
                "{c:?}"
            );
            assert_eq!(face.glyph_hor_advance(new), whole.glyph_hor_advance(old));
        }
        assert!(face.glyph_index('x').is_none());
        assert!(face
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"fpgm"))
            .is_none());
        assert_eq!(
            super::super::checksum(&font),
            0xB1B0_AFBA,
            "whole-font checksum"
        );
    }
}
