//! The six faces the PDF is set in, loaded once, and their metrics.
//!
//! Layout needs advance widths to break lines and the writer needs the font
//! programs and the character-to-glyph map to embed them; both read them from
//! here so that what is measured is what is drawn. Widths come straight from
//! the fonts' `hmtx` tables via ttf-parser, without kerning or shaping (one
//! character, one glyph) — a later shaping step can replace
//! [`Fonts::text_width`] without touching the callers.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use super::units::Pt;
use crate::error::{Error, Result};
use crate::resources::{FontFile, FontSet};

/// One of the faces the book is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Charis SIL upright: body text.
    Regular,
    /// Charis SIL italic: emphasis, captions, running heads.
    Italic,
    /// Charis SIL bold: headings, strong emphasis.
    Bold,
    /// Charis SIL bold italic: strong inside emphasis.
    BoldItalic,
    /// JetBrains Mono: code and diagrams.
    Mono,
    /// JetBrains Mono bold: strong code.
    MonoBold,
    /// The n-th fallback font of `styles/pdf.yaml`, for characters the
    /// faces above lack.
    Fallback(u8),
}

impl Face {
    /// All faces, in a fixed order (the writer names fonts after it).
    pub const ALL: [Face; 6] = [
        Face::Regular,
        Face::Italic,
        Face::Bold,
        Face::BoldItalic,
        Face::Mono,
        Face::MonoBold,
    ];

    /// Position of the face in [`Face::ALL`].
    pub fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::Bold => 2,
            Face::BoldItalic => 3,
            Face::Mono => 4,
            Face::MonoBold => 5,
            Face::Fallback(n) => 6 + usize::from(n),
        }
    }

    /// Whether this is one of the bold faces.
    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic | Face::MonoBold)
    }

    /// Whether this is one of the monospaced faces.
    pub fn is_mono(self) -> bool {
        matches!(self, Face::Mono | Face::MonoBold)
    }

    /// The same face made bold.
    pub fn bolder(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
            Face::Mono | Face::MonoBold => Face::MonoBold,
            Face::Fallback(_) => self,
        }
    }

    /// The same face made italic (monospaced faces have no italic and stay).
    pub fn italicized(self) -> Face {
        match self {
            Face::Regular | Face::Italic => Face::Italic,
            Face::Bold | Face::BoldItalic => Face::BoldItalic,
            Face::Mono | Face::MonoBold | Face::Fallback(_) => self,
        }
    }

    /// The faces to try, in order, for a character this face lacks.
    fn fallbacks(self) -> [Face; 2] {
        if self.is_mono() {
            [Face::Regular, Face::Bold]
        } else {
            [Face::Regular, Face::Mono]
        }
    }
}

/// A glyph: its id in the font and its advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal advance in font units.
    pub advance: u16,
}

/// A glyph as shaping placed it: its id, its advance (kerning included) in
/// font units, and the byte offset in the shaped text of the characters it
/// stands for (its cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Advance in font units, after kerning.
    pub advance: i32,
    /// Byte offset of the glyph's cluster in the text.
    pub cluster: u32,
}

/// One loaded face: the font program and what layout and writer need of it.
#[derive(Debug, Clone)]
pub struct LoadedFace {
    /// The TrueType data, as given.
    pub data: Vec<u8>,
    /// The file name it came from (for error messages).
    pub file_name: String,
    /// The PostScript name, e.g. `CharisSIL-Bold`.
    pub postscript_name: String,
    /// Font units per em.
    pub units_per_em: u16,
    /// Typographic ascender, font units (positive).
    pub ascender: i16,
    /// Typographic descender, font units (negative).
    pub descender: i16,
    /// Whether the font says it is bold (`OS/2` weight): bold text takes
    /// its fallback characters from bold fallback fonts first, other text
    /// from the others first.
    pub bold: bool,
    /// Every Unicode character the face maps, with its glyph.
    pub glyphs: HashMap<char, Glyph>,
    /// The unshaped advance of every glyph id, font units (`hmtx`).
    pub advances: Vec<u16>,
}

impl LoadedFace {
    fn load(file: &FontFile) -> Result<Self> {
        Self::parse(file.name, &file.data)
    }

    /// Loads a face from `data`, read from a file called `name`.
    pub fn parse(name: &str, data: &[u8]) -> Result<Self> {
        let file = FontRef { name, data };
        let bad = |message: String| Error::Render {
            format: "PDF",
            message: format!("font {}: {message}", file.name),
        };
        let face = ttf_parser::Face::parse(file.data, 0)
            .map_err(|e| bad(format!("cannot be parsed ({e})")))?;
        let units_per_em = face.units_per_em();
        if units_per_em == 0 {
            return Err(bad("has zero units per em".into()));
        }
        let mut glyphs = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables {
                if !subtable.is_unicode() {
                    continue;
                }
                subtable.codepoints(|cp| {
                    if let Some(ch) = char::from_u32(cp) {
                        if let Some(gid) = subtable.glyph_index(cp) {
                            let advance = face.glyph_hor_advance(gid).unwrap_or(0);
                            glyphs.entry(ch).or_insert(Glyph { id: gid.0, advance });
                        }
                    }
                });
            }
        }
        if glyphs.is_empty() {
            return Err(bad("has no Unicode character map".into()));
        }
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let postscript_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| {
                file.name
                    .trim_end_matches(".ttf")
                    .trim_end_matches(".otf")
                    .to_string()
            });
        let postscript_name = postscript_name
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"[](){}<>/%".contains(*c))
            .collect();
        Ok(LoadedFace {
            data: file.data.to_vec(),
            file_name: file.name.to_string(),
            postscript_name,
            units_per_em,
            ascender: face.ascender(),
            descender: face.descender(),
            bold: face.is_bold(),
            glyphs,
            advances,
        })
    }

    /// Converts a length in font units to points at `size`.
    pub fn units_to_pt(&self, units: f32, size: Pt) -> Pt {
        Pt(units * size.0 / f32::from(self.units_per_em))
    }
}

/// A font file's name and data, borrowed.
struct FontRef<'a> {
    name: &'a str,
    data: &'a [u8],
}

/// Shaped glyphs by text, one map per face (indexed like [`Face::index`]),
/// so that a lookup borrows the text instead of allocating a key.
type ShapeCache = Vec<HashMap<String, Rc<[ShapedGlyph]>>>;

/// The rustybuzz face of a [`LoadedFace`] and its shape plans, made on
/// first use. The face borrows the font data; parsing it (building the
/// GSUB/GPOS lookup accelerators) and compiling a plan each cost far more
/// than shaping a word, so both are done once per face and book, not once
/// per word as `rustybuzz::shape` would.
struct Shaper<'a> {
    face: rustybuzz::Face<'a>,
    /// Plans by the segment properties they were made for (a word's
    /// script, guessed from its letters; the direction is always LTR).
    plans: RefCell<Vec<(PlanKey, Rc<rustybuzz::ShapePlan>)>>,
}

type PlanKey = (rustybuzz::Script, Option<rustybuzz::Language>);

type LazyShaper<'a> = OnceCell<Option<Shaper<'a>>>;

self_cell::self_cell!(
    /// A loaded face together with its lazily parsed rustybuzz face.
    struct FaceCell {
        owner: Arc<LoadedFace>,
        #[not_covariant]
        dependent: LazyShaper,
    }
);

impl std::fmt::Debug for FaceCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.borrow_owner().fmt(f)
    }
}

/// Reads the fallback fonts when a character first needs one.
pub type FallbackLoader = Box<dyn FnOnce() -> Vec<Arc<LoadedFace>>>;

/// Reads the fallback fonts, from any thread, for a [`FontLibrary`].
pub type SharedFallbackLoader = Box<dyn Fn() -> Vec<LoadedFace> + Send + Sync>;

/// The parsed faces of a book, shared by the [`Fonts`] of every thread
/// that sets its text: parsing a face (its character map above all) costs
/// milliseconds, the caches of a [`Fonts`] are per thread.
pub struct FontLibrary {
    faces: Vec<Arc<LoadedFace>>,
    fallbacks: OnceLock<Vec<Arc<LoadedFace>>>,
    load_fallbacks: SharedFallbackLoader,
}

impl FontLibrary {
    /// Parses the faces of `set`; `fallbacks` reads the fallback faces the
    /// first time any thread needs one. Fails if a face cannot be parsed.
    pub fn load(set: &FontSet, fallbacks: SharedFallbackLoader) -> Result<Arc<Self>> {
        let files = [
            &set.regular,
            &set.italic,
            &set.bold,
            &set.bold_italic,
            &set.mono,
            &set.mono_bold,
        ];
        let faces = files
            .iter()
            .map(|f| LoadedFace::load(f).map(Arc::new))
            .collect::<Result<Vec<_>>>()?;
        Ok(Arc::new(FontLibrary {
            faces,
            fallbacks: OnceLock::new(),
            load_fallbacks: fallbacks,
        }))
    }

    /// Faces for one thread, with empty caches, sharing this library's
    /// parsed data.
    pub fn fonts(self: &Arc<Self>) -> Fonts {
        let library = Arc::clone(self);
        Fonts::from_faces(
            self.faces.clone(),
            Box::new(move || {
                library
                    .fallbacks
                    .get_or_init(|| {
                        (library.load_fallbacks)()
                            .into_iter()
                            .map(Arc::new)
                            .collect()
                    })
                    .clone()
            }),
        )
    }
}

/// The fallback faces: loaded, or still to be loaded. Fallback fonts are
/// large (a CJK font weighs megabytes and its character map has tens of
/// thousands of entries) and most books never need one, so they are only
/// read when a character none of the six faces has turns up.
#[derive(Default)]
struct Fallbacks {
    faces: OnceCell<Vec<FaceCell>>,
    loader: std::cell::Cell<Option<FallbackLoader>>,
}

impl Fallbacks {
    fn faces(&self) -> &[FaceCell] {
        self.faces.get_or_init(|| {
            let load = self.loader.take();
            load.map(|load| load())
                .unwrap_or_default()
                .into_iter()
                .take(usize::from(u8::MAX))
                .map(|face| FaceCell::new(face, |_| OnceCell::new()))
                .collect()
        })
    }
}

impl std::fmt::Debug for Fallbacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.faces.get() {
            Some(faces) => faces.fmt(f),
            None => f.write_str("(not loaded)"),
        }
    }
}

/// The six faces of the book, loaded and measured.
#[derive(Debug)]
pub struct Fonts {
    /// One entry per member of [`Face::ALL`].
    faces: Vec<FaceCell>,
    fallbacks: Fallbacks,
    /// Shaped text by face and string: words repeat a lot.
    shaped: RefCell<ShapeCache>,
    /// Characters asked for that no face has, since the last
    /// [`Fonts::take_missing`].
    missing: RefCell<BTreeSet<char>>,
}

impl Fonts {
    /// Loads the faces of `set`, with no fallback fonts; fails if one
    /// cannot be parsed.
    pub fn load(set: &FontSet) -> Result<Self> {
        Self::load_with_fallbacks(set, Vec::new())
    }

    /// Loads the faces of `set` and the `fallbacks` (tried in order for a
    /// character none of the six faces has).
    pub fn load_with_fallbacks(set: &FontSet, fallbacks: Vec<LoadedFace>) -> Result<Self> {
        let library = FontLibrary::load(set, Box::new(Vec::new))?;
        let fallbacks: Vec<Arc<LoadedFace>> = fallbacks.into_iter().map(Arc::new).collect();
        Ok(Fonts::from_faces(
            library.faces.clone(),
            Box::new(move || fallbacks),
        ))
    }

    /// Fonts over already parsed `faces` (one per member of
    /// [`Face::ALL`]); `fallbacks` is called for the fallback faces the
    /// first time a character none of them has is looked up.
    fn from_faces(faces: Vec<Arc<LoadedFace>>, fallbacks: FallbackLoader) -> Self {
        Fonts {
            faces: faces
                .into_iter()
                .map(|face| FaceCell::new(face, |_| OnceCell::new()))
                .collect(),
            fallbacks: Fallbacks {
                faces: OnceCell::new(),
                loader: std::cell::Cell::new(Some(fallbacks)),
            },
            shaped: RefCell::default(),
            missing: RefCell::default(),
        }
    }

    /// Shapes `text` in `face`: kerning, ligatures and the other default
    /// OpenType features of the proportional faces, through rustybuzz.
    /// Monospaced faces are not shaped (their programming ligatures would
    /// change what code reads like): one character, one glyph, no kerning.
    /// Every character of `text` must be one `face` has (see
    /// [`Fonts::face_for_char`]).
    pub fn shape(&self, face: Face, text: &str) -> Rc<[ShapedGlyph]> {
        if let Some(hit) = self
            .shaped
            .borrow()
            .get(face.index())
            .and_then(|by_text| by_text.get(text))
        {
            return Rc::clone(hit);
        }
        let loaded = self.face(face);
        let plain = || -> Vec<ShapedGlyph> {
            text.char_indices()
                .map(|(at, ch)| {
                    let g = loaded
                        .glyphs
                        .get(&ch)
                        .copied()
                        .unwrap_or(Glyph { id: 0, advance: 0 });
                    ShapedGlyph {
                        id: g.id,
                        advance: i32::from(g.advance),
                        cluster: at as u32,
                    }
                })
                .collect()
        };
        let glyphs: Vec<ShapedGlyph> = if face.is_mono() {
            plain()
        } else {
            let shaped = self.cell(face).with_dependent(|owner, shaper| {
                let shaper = shaper
                    .get_or_init(|| {
                        rustybuzz::Face::from_slice(&owner.data, 0).map(|face| Shaper {
                            face,
                            plans: RefCell::default(),
                        })
                    })
                    .as_ref()?;
                Some(shape_with(shaper, text))
            });
            shaped.unwrap_or_else(plain)
        };
        let glyphs: Rc<[ShapedGlyph]> = glyphs.into();
        let mut cache = self.shaped.borrow_mut();
        if cache.len() <= face.index() {
            cache.resize_with(face.index() + 1, HashMap::new);
        }
        cache[face.index()].insert(text.to_string(), Rc::clone(&glyphs));
        glyphs
    }

    /// Records that no face has `ch` (see [`Fonts::take_missing`]).
    pub fn note_missing(&self, ch: char) {
        self.missing.borrow_mut().insert(ch);
    }

    /// The characters no face had since the last call, in code point order.
    pub fn take_missing(&self) -> Vec<char> {
        std::mem::take(&mut *self.missing.borrow_mut())
            .into_iter()
            .collect()
    }

    /// The loaded data of `face`.
    pub fn face(&self, face: Face) -> &LoadedFace {
        self.cell(face).borrow_owner()
    }

    fn cell(&self, face: Face) -> &FaceCell {
        match face {
            // A fallback face is only handed out by `face_for_char`, which
            // loaded the fallbacks first.
            Face::Fallback(n) => &self.fallbacks.faces()[usize::from(n)],
            // `faces` holds one entry per `Face::ALL` member.
            _ => &self.faces[face.index()],
        }
    }

    /// Whether `face` has a glyph for `ch`.
    pub fn has_char(&self, face: Face, ch: char) -> bool {
        self.face(face).glyphs.contains_key(&ch)
    }

    /// The face that will draw `ch` when the text asks for `face`: `face`
    /// itself if it has the glyph, else a fallback that has it, else `None`.
    /// Among the fallback fonts, those of the same weight as `face` come
    /// first (bold Chinese headings in the bold CJK face, body text in the
    /// regular one), each group in the order of `styles/pdf.yaml`.
    pub fn face_for_char(&self, face: Face, ch: char) -> Option<Face> {
        if self.has_char(face, ch) {
            return Some(face);
        }
        if let Some(f) = face.fallbacks().into_iter().find(|&f| self.has_char(f, ch)) {
            return Some(f);
        }
        self.fallback_with(face, |f| self.has_char(f, ch))
    }

    /// The fallback face that draws `ch` as CJK text does, for punctuation
    /// Latin and CJK text share (`…`, `“`) when it stands in CJK text: the
    /// first fallback with Chinese characters that has `ch`, of `face`'s
    /// weight first.
    pub fn cjk_face_for_char(&self, face: Face, ch: char) -> Option<Face> {
        self.fallback_with(face, |f| self.has_char(f, ch) && self.has_char(f, '中'))
    }

    /// The first fallback face for which `usable` holds, those of `face`'s
    /// weight first.
    fn fallback_with(&self, face: Face, usable: impl Fn(Face) -> bool) -> Option<Face> {
        let fallbacks = self.fallbacks.faces();
        let of_weight = |bold: bool| {
            (0..fallbacks.len())
                .map(|n| Face::Fallback(n as u8))
                .find(|&f| self.face(f).bold == bold && usable(f))
        };
        of_weight(face.is_bold()).or_else(|| of_weight(!face.is_bold()))
    }

    /// Advance width of `ch` in `face` at `size`; zero for a missing glyph.
    pub fn char_width(&self, face: Face, size: Pt, ch: char) -> Pt {
        let loaded = self.face(face);
        let units = loaded.glyphs.get(&ch).map_or(0, |g| g.advance);
        loaded.units_to_pt(f32::from(units), size)
    }

    /// Width of `text` set in `face` at `size` (sum of advances, no kerning).
    pub fn text_width(&self, face: Face, size: Pt, text: &str) -> Pt {
        let loaded = self.face(face);
        let units: u32 = text
            .chars()
            .map(|ch| u32::from(loaded.glyphs.get(&ch).map_or(0, |g| g.advance)))
            .sum();
        loaded.units_to_pt(units as f32, size)
    }

    /// Distance from the baseline to the top of the tallest glyphs at `size`.
    pub fn ascent(&self, face: Face, size: Pt) -> Pt {
        let loaded = self.face(face);
        loaded.units_to_pt(f32::from(loaded.ascender), size)
    }

    /// Distance from the baseline down to the lowest descenders at `size`
    /// (positive).
    pub fn descent(&self, face: Face, size: Pt) -> Pt {
        let loaded = self.face(face);
        loaded.units_to_pt(-f32::from(loaded.descender), size)
    }
}

/// Shapes `text` with `shaper`: the font's default OpenType features
/// (kerning, ligatures), left to right.
fn shape_with(shaper: &Shaper<'_>, text: &str) -> Vec<ShapedGlyph> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    // Script and language select the font's kerning and ligature lookups
    // (Latin, in this book).
    buffer.guess_segment_properties();
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    let key: PlanKey = (buffer.script(), buffer.language());
    let cached = shaper
        .plans
        .borrow()
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, plan)| Rc::clone(plan));
    let plan = cached.unwrap_or_else(|| {
        let plan = Rc::new(rustybuzz::ShapePlan::new(
            &shaper.face,
            rustybuzz::Direction::LeftToRight,
            Some(key.0),
            key.1.as_ref(),
            &[],
        ));
        shaper.plans.borrow_mut().push((key, Rc::clone(&plan)));
        plan
    });
    let out = rustybuzz::shape_with_plan(&shaper.face, &plan, buffer);
    out.glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| ShapedGlyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance,
            cluster: info.cluster,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    #[test]
    fn loads_builtin_faces_and_measures() {
        let fonts = Fonts::load(&Resources::builtin().fonts).expect("fonts load");
        let w = fonts.text_width(Face::Regular, Pt(10.0), "Hello");
        assert!(w.0 > 15.0 && w.0 < 35.0, "{w:?}");
        // Monospace: every character has the same advance.
        let a = fonts.char_width(Face::Mono, Pt(10.0), 'i');
        let b = fonts.char_width(Face::Mono, Pt(10.0), 'W');
        let c = fonts.char_width(Face::Mono, Pt(10.0), '─');
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert!(fonts.has_char(Face::Mono, '→'));
        assert_eq!(fonts.face_for_char(Face::Regular, '┌'), Some(Face::Mono));
        assert!(fonts.face(Face::Bold).postscript_name.contains("Charis"));
    }
}
