//! Font subsetting for embedding: keep only the glyphs the book uses.
//!
//! The faces are large (Charis SIL is ~750 KB each) and printpdf built
//! without its `text_layout` feature embeds fonts whole. This subsetter
//! keeps glyph ids unchanged — unused glyphs simply become empty — so the
//! glyph ids printpdf writes into content streams, its widths and its
//! ToUnicode map stay valid without any renumbering. Tables only needed for
//! shaping (GSUB, GPOS, GDEF, Graphite) are dropped, `post` is cut to its
//! header, and `loca` is rewritten in the long format.
//!
//! Only TrueType-outline (`glyf`) fonts are subset; for anything else
//! [`subset_truetype`] returns `None` and the caller embeds the font whole.

use std::collections::BTreeSet;

/// Tables kept in the subset; everything else is dropped.
const KEEP: [&[u8; 4]; 12] = [
    b"OS/2", b"cmap", b"cvt ", b"fpgm", b"gasp", b"glyf", b"head", b"hhea", b"hmtx", b"loca",
    b"maxp", b"name",
];

struct Table<'a> {
    tag: [u8; 4],
    data: &'a [u8],
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

fn tables(font: &[u8]) -> Option<Vec<Table<'_>>> {
    let version = u32_at(font, 0)?;
    if version != 0x0001_0000 && &font[..4] != b"true" {
        return None;
    }
    let count = usize::from(u16_at(font, 4)?);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + i * 16;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        let data = font.get(offset..offset.checked_add(length)?)?;
        out.push(Table { tag, data });
    }
    Some(out)
}

fn find<'a>(tables: &'a [Table<'a>], tag: &[u8; 4]) -> Option<&'a [u8]> {
    tables.iter().find(|t| &t.tag == tag).map(|t| t.data)
}

/// The byte range of every glyph in `glyf`, from `loca`.
fn glyph_ranges(loca: &[u8], long: bool, num_glyphs: usize) -> Option<Vec<(usize, usize)>> {
    let offset = |i: usize| -> Option<usize> {
        if long {
            u32_at(loca, i * 4).map(|o| o as usize)
        } else {
            u16_at(loca, i * 2).map(|o| usize::from(o) * 2)
        }
    };
    (0..num_glyphs)
        .map(|i| Some((offset(i)?, offset(i + 1)?)))
        .collect()
}

/// Glyph ids a composite glyph refers to.
fn components(glyph: &[u8]) -> Vec<u16> {
    const ARG_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let contours = u16_at(glyph, 0).map(|c| c as i16).unwrap_or(0);
    if contours >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        out.push(gid);
        at += 4 + if flags & ARG_WORDS != 0 { 4 } else { 2 };
        at += if flags & HAVE_SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A copy of the TrueType font `font` in which only the glyphs in `used`
/// (plus `.notdef` and the parts of composite glyphs) keep their outlines.
/// Glyph ids do not change. `None` when `font` is not a TrueType font this
/// subsetter understands.
pub fn subset_truetype(font: &[u8], used: &BTreeSet<u16>) -> Option<Vec<u8>> {
    let tables = tables(font)?;
    let head = find(&tables, b"head")?;
    let maxp = find(&tables, b"maxp")?;
    let loca = find(&tables, b"loca")?;
    let glyf = find(&tables, b"glyf")?;
    let num_glyphs = usize::from(u16_at(maxp, 4)?);
    let long = u16_at(head, 50)? != 0;
    let ranges = glyph_ranges(loca, long, num_glyphs)?;

    // Close the set over composite glyph components.
    let mut keep: BTreeSet<u16> = used
        .iter()
        .copied()
        .filter(|&g| usize::from(g) < num_glyphs)
        .collect();
    keep.insert(0);
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(gid) = todo.pop() {
        let (start, end) = *ranges.get(usize::from(gid))?;
        let glyph = glyf.get(start..end)?;
        for component in components(glyph) {
            if usize::from(component) < num_glyphs && keep.insert(component) {
                todo.push(component);
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
    for (gid, &(start, end)) in ranges.iter().enumerate() {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let kept = u16::try_from(gid).is_ok_and(|g| keep.contains(&g));
        if kept && end > start {
            new_glyf.extend_from_slice(glyf.get(start..end)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes());

    // `post` version 3: no glyph names.
    let post = find(&tables, b"post").and_then(|p| p.get(..32)).map(|p| {
        let mut p = p.to_vec();
        p[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        p
    });

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for t in &tables {
        if !KEEP.contains(&&t.tag) {
            continue;
        }
        let data = match &t.tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => new_head.clone(),
            _ => t.data.to_vec(),
        };
        out_tables.push((t.tag, data));
    }
    if let Some(post) = post {
        out_tables.push((*b"post", post));
    }
    out_tables.sort_by_key(|t| t.0);

    let count = out_tables.len() as u16;
    let mut entry_selector = 0u16;
    while (1u32 << (entry_selector + 1)) <= u32::from(count) {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + usize::from(count) * 16;
    let mut body = Vec::new();
    let mut head_offset = None;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_offset = Some(offset);
        }
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + usize::from(count) * 16 + body.len();
    }
    out.extend_from_slice(&body);
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let at = head_offset? + 8;
    out.get_mut(at..at + 4)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    #[test]
    fn subset_keeps_used_glyphs_and_ids() {
        let fonts = Resources::builtin().fonts;
        let data = &fonts.regular.data;
        let face = ttf_parser::Face::parse(data, 0).expect("font");
        let gid_a = face.glyph_index('A').expect("A").0;
        let gid_z = face.glyph_index('z').expect("z").0;
        let used: BTreeSet<u16> = [gid_a].into_iter().collect();
        let small = subset_truetype(data, &used).expect("subset");
        assert!(
            small.len() < data.len() / 4,
            "{} vs {}",
            small.len(),
            data.len()
        );
        let sub = ttf_parser::Face::parse(&small, 0).expect("subset parses");
        assert_eq!(sub.number_of_glyphs(), face.number_of_glyphs());
        assert_eq!(sub.glyph_index('A').map(|g| g.0), Some(gid_a));
        assert!(sub.glyph_bounding_box(ttf_parser::GlyphId(gid_a)).is_some());
        assert!(sub.glyph_bounding_box(ttf_parser::GlyphId(gid_z)).is_none());
        assert_eq!(
            sub.glyph_hor_advance(ttf_parser::GlyphId(gid_a)),
            face.glyph_hor_advance(ttf_parser::GlyphId(gid_a))
        );
    }
}
