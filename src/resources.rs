//! Fonts and styles: compiled into the binary so that an installed
//! `techshack-book` works from any folder, and replaced file by file by a
//! book's own `fonts/` and `styles/` folders.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::error::{Error, Result};
use crate::pdf::setup::PdfStyle;

/// One font file: its file name (as looked up in a book's `fonts/`) and bytes.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// The file name, e.g. `CharisSIL-Regular.ttf`.
    pub name: &'static str,
    /// The TrueType/OpenType data.
    pub data: Vec<u8>,
}

/// The faces the PDF writer sets text in.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// Body text, upright.
    pub regular: FontFile,
    /// Body text, italic.
    pub italic: FontFile,
    /// Body text, bold; also used for headings.
    pub bold: FontFile,
    /// Body text, bold italic.
    pub bold_italic: FontFile,
    /// Code and diagrams; must have the box-drawing characters.
    pub mono: FontFile,
    /// Bold code.
    pub mono_bold: FontFile,
}

/// Everything the writers need besides the book itself.
#[derive(Debug, Clone)]
pub struct Resources {
    /// The EPUB stylesheet.
    pub epub_css: String,
    /// The PDF fonts.
    pub fonts: FontSet,
    /// The PDF page setup and font fallback list, from `styles/pdf.yaml`
    /// (parsed and checked when the resources are loaded).
    pub pdf_style: PdfStyle,
    /// The book's `fonts/` folder, where the PDF writer looks for the
    /// fallback fonts named in `styles/pdf.yaml`; `None` for the built-ins.
    pub fonts_dir: Option<PathBuf>,
}

macro_rules! builtin_font {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../fonts/", $name)) as &'static [u8],
        )
    };
}

/// The fallback fonts compiled in, found by the names `styles/pdf.yaml`
/// lists them under: the Chinese faces (GB 2312 subsets of Noto Serif and
/// Noto Sans CJK SC, made by `fonts/make-cjk-subset.py`) and the
/// monochrome Noto Emoji for emoji and pictographs (made by
/// `fonts/make-emoji-font.py`). Like the other fallbacks they are parsed
/// only when a character needs them.
const BUILTIN_FALLBACKS: [(&str, &[u8]); 3] = [
    builtin_font!("NotoSerifSC-Regular.ttf"),
    builtin_font!("NotoSansSC-Bold.ttf"),
    builtin_font!("NotoEmoji-Regular.ttf"),
];

/// The compiled-in fallback font called `name` (a file name of
/// `styles/pdf.yaml`'s `fallback_fonts`), if there is one.
pub fn builtin_fallback_font(name: &str) -> Option<&'static [u8]> {
    BUILTIN_FALLBACKS
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, data)| *data)
}

const EPUB_CSS: &str = include_str!("../styles/epub.css");
const PDF_STYLE: &str = include_str!("../styles/pdf.yaml");

impl Resources {
    /// The compiled-in defaults, with any file of the same name found in
    /// `book_root/fonts/` or `book_root/styles/` used instead.
    pub fn load(book_root: Option<&Path>, diags: &mut Diagnostics) -> Result<Self> {
        let local_file = |folder: &str, name: &str| {
            book_root
                .map(|root| root.join(folder).join(name))
                .filter(|path| path.is_file())
        };
        let font = |(name, builtin): (&'static str, &'static [u8])| -> Result<FontFile> {
            let local = local_file("fonts", name);
            let data = if let Some(local) = &local {
                std::fs::read(local).map_err(|e| Error::io(local, e))?
            } else {
                builtin.to_vec()
            };
            if ttf_parser::Face::parse(&data, 0).is_err() {
                return Err(Error::Config {
                    path: local.unwrap_or_else(|| name.into()),
                    message: "is not a TrueType/OpenType font; replace it or remove it to use the built-in font".into(),
                });
            }
            Ok(FontFile { name, data })
        };
        let fonts = FontSet {
            regular: font(builtin_font!("CharisSIL-Regular.ttf"))?,
            italic: font(builtin_font!("CharisSIL-Italic.ttf"))?,
            bold: font(builtin_font!("CharisSIL-Bold.ttf"))?,
            bold_italic: font(builtin_font!("CharisSIL-BoldItalic.ttf"))?,
            mono: font(builtin_font!("JetBrainsMono-Regular.ttf"))?,
            mono_bold: font(builtin_font!("JetBrainsMono-Bold.ttf"))?,
        };
        // A style file and the path it was read from (`None`: built in).
        let mut style = |name: &str, builtin: &str| match local_file("styles", name) {
            Some(path) => match std::fs::read_to_string(&path) {
                Ok(text) => (text, Some(path)),
                Err(e) => {
                    diags.warn(
                        &path,
                        None,
                        format!("cannot be read ({e}); using the built-in {name}"),
                    );
                    (builtin.to_string(), None)
                }
            },
            None => (builtin.to_string(), None),
        };
        let (epub_css, _) = style("epub.css", EPUB_CSS);
        let pdf_style = match style("pdf.yaml", PDF_STYLE) {
            (text, Some(path)) => PdfStyle::parse_file(&text, &path)?,
            (text, None) => PdfStyle::parse(&text)?,
        };
        let fonts_dir = book_root
            .map(|root| root.join("fonts"))
            .filter(|dir| dir.is_dir());
        Ok(Resources {
            epub_css,
            fonts,
            pdf_style,
            fonts_dir,
        })
    }

    /// The compiled-in defaults only (for tests and tools).
    pub fn builtin() -> Self {
        let mut diags = Diagnostics::new();
        Self::load(None, &mut diags).expect("the built-in fonts are valid")
    }
}
