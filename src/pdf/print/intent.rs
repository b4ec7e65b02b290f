//! What a print PDF declares itself to be: an output intent carrying the
//! sRGB profile (the colours are RGB, and say so), the standard it meets
//! (PDF/X-4 or PDF/A-2b), named by the writer's XMP packet, and the
//! document information keys those standards ask for.

use lopdf::{Dictionary, Object, Stream, StringFormat};

use super::icc;
use super::profile::Standard;
use crate::error::{Error, Result};
use crate::pdf::xmp::Claims;

fn render_error(message: impl Into<String>) -> Error {
    Error::Render {
        format: "PDF",
        message: message.into(),
    }
}

/// Adds the output intent and the information keys of `standard` to `doc`
/// (already finished: catalog, trailer ID and Info), and its claim to
/// `claims`, which the writer's XMP packet names (`crate::pdf::xmp`).
pub fn declare(doc: &mut lopdf::Document, claims: &mut Claims, standard: Standard) -> Result<()> {
    let icc = icc::srgb_profile();
    let mut icc_dict = Dictionary::new();
    icc_dict.set("N", Object::Integer(3));
    icc_dict.set("Alternate", Object::Name(b"DeviceRGB".to_vec()));
    let icc_id = doc.add_object(Stream::new(icc_dict, icc));

    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    let subtype: &[u8] = match standard {
        Standard::PdfX4 => b"GTS_PDFX",
        Standard::PdfA2b => b"GTS_PDFA1",
    };
    intent.set("S", Object::Name(subtype.to_vec()));
    intent.set("OutputConditionIdentifier", literal(icc::DESCRIPTION));
    intent.set("OutputCondition", literal(icc::DESCRIPTION));
    intent.set("RegistryName", literal("http://www.color.org"));
    intent.set("Info", literal(icc::DESCRIPTION));
    intent.set("DestOutputProfile", Object::Reference(icc_id));

    match standard {
        Standard::PdfX4 => claims.pdfx_version = Some("PDF/X-4"),
        Standard::PdfA2b => claims.pdfa = Some((2, 'B')),
    }

    let catalog = doc
        .catalog_mut()
        .map_err(|e| render_error(format!("no document catalog: {e}")))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );

    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = doc.get_dictionary_mut(info_id) {
            if standard == Standard::PdfX4 {
                dict.set("GTS_PDFXVersion", literal("PDF/X-4"));
            }
            dict.set("Trapped", Object::Name(b"False".to_vec()));
        }
    }
    Ok(())
}
