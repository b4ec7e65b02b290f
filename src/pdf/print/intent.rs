//! What a print PDF declares itself to be: an output intent carrying the
//! sRGB profile (the colours are RGB, and say so), XMP metadata naming the
//! standard (PDF/X-4 or PDF/A-2b) and repeating the document information,
//! and the document information keys those standards ask for.

use lopdf::{Dictionary, Object, Stream, StringFormat};

use super::icc;
use super::profile::Standard;
use crate::epub::xml::escape_text;
use crate::error::{Error, Result};

fn render_error(message: impl Into<String>) -> Error {
    Error::Render {
        format: "PDF",
        message: message.into(),
    }
}

/// Adds the output intent, the XMP metadata and the information keys of
/// `standard` to `doc` (already finished: catalog, trailer ID and Info).
pub fn declare(doc: &mut lopdf::Document, standard: Standard) -> Result<()> {
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

    let info = info_strings(doc);
    let document_id = document_uuid(doc);
    let xmp = xmp_packet(&info, &document_id, standard);
    let mut meta = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp.into_bytes(),
    );
    // Left uncompressed, so that tools that do not read PDF find it.
    meta.allows_compression = false;
    let meta_id = doc.add_object(meta);

    let catalog = doc
        .catalog_mut()
        .map_err(|e| render_error(format!("no document catalog: {e}")))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    catalog.set("Metadata", Object::Reference(meta_id));

    if let Ok(info_id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = doc.get_dictionary_mut(info_id) {
            match standard {
                Standard::PdfX4 => dict.set("GTS_PDFXVersion", literal("PDF/X-4")),
                Standard::PdfA2b => {
                    dict.remove(b"GTS_PDFXVersion");
                }
            }
            dict.set("Trapped", Object::Name(b"False".to_vec()));
            // printpdf writes an empty one; an empty key says nothing.
            dict.remove(b"Identifier");
        }
    }
    Ok(())
}

/// The document information the XMP repeats, as text.
#[derive(Debug, Default)]
struct InfoText {
    title: String,
    author: String,
    subject: String,
    keywords: String,
    producer: String,
    creator: String,
    created: String,
    modified: String,
}

fn info_strings(doc: &lopdf::Document) -> InfoText {
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok()
        .and_then(|id| doc.get_dictionary(id).ok())
    else {
        return InfoText::default();
    };
    let text = |key: &[u8]| -> String {
        match dict.get(key) {
            Ok(Object::String(bytes, _)) => decode_text(bytes),
            _ => String::new(),
        }
    };
    InfoText {
        title: text(b"Title"),
        author: text(b"Author"),
        subject: text(b"Subject"),
        keywords: text(b"Keywords"),
        producer: text(b"Producer"),
        creator: text(b"Creator"),
        created: xmp_date(&text(b"CreationDate")),
        modified: xmp_date(&text(b"ModDate")),
    }
}

/// A PDF text string (UTF-16BE with its mark, or PDFDocEncoding, read
/// here as Latin-1) as a Rust string.
fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// A PDF date (`D:20200101000000+00'00'`) as an XMP date
/// (`2020-01-01T00:00:00+00:00`); empty when it is not one.
fn xmp_date(pdf: &str) -> String {
    let d = pdf.strip_prefix("D:").unwrap_or(pdf);
    let digits: String = d.chars().take(14).collect();
    if digits.len() < 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return String::new();
    }
    let rest = &d[14..];
    let zone = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let z: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if z.len() >= 4 {
                format!("{sign}{}:{}", &z[0..2], &z[2..4])
            } else {
                "Z".to_string()
            }
        }
        _ => "Z".to_string(),
    };
    format!(
        "{}-{}-{}T{}:{}:{}{zone}",
        &digits[0..4],
        &digits[4..6],
        &digits[6..8],
        &digits[8..10],
        &digits[10..12],
        &digits[12..14]
    )
}

/// The trailer ID (derived from the content) as a UUID URN.
fn document_uuid(doc: &lopdf::Document) -> String {
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .ok()
        .and_then(|a| a.first())
        .and_then(|o| o.as_str().ok())
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(id) {
        *slot = b;
    }
    format!("uuid:{}", uuid::Uuid::from_bytes(bytes).hyphenated())
}

/// The XMP packet of the document.
fn xmp_packet(info: &InfoText, document_id: &str, standard: Standard) -> String {
    let e = escape_text;
    let dates = [
        ("xmp:CreateDate", &info.created),
        ("xmp:ModifyDate", &info.modified),
        ("xmp:MetadataDate", &info.modified),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("<{k}>{v}</{k}>\n"))
    .collect::<String>();
    let claim = match standard {
        Standard::PdfX4 => "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n".to_string(),
        Standard::PdfA2b => {
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n".to_string()
        }
    };
    // No indentation: a `\` line continuation drops it.
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
  <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
    <rdf:Description rdf:about=\"\"\n\
        xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
        xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
        xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
        xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n\
        xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n\
        xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
      <dc:format>application/pdf</dc:format>\n\
      <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
      <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
      <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
{dates}\
      <xmp:CreatorTool>{creator}</xmp:CreatorTool>\n\
      <pdf:Producer>{producer}</pdf:Producer>\n\
      <pdf:Keywords>{keywords}</pdf:Keywords>\n\
      <pdf:Trapped>False</pdf:Trapped>\n\
      <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>\n\
      <xmpMM:InstanceID>{document_id}</xmpMM:InstanceID>\n\
      <xmpMM:VersionID>1</xmpMM:VersionID>\n\
      <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n\
{claim}\
    </rdf:Description>\n\
  </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = e(&info.title),
        author = e(&info.author),
        subject = e(&info.subject),
        creator = e(&info.creator),
        producer = e(&info.producer),
        keywords = e(&info.keywords),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_xmp_dates() {
        assert_eq!(
            xmp_date("D:20200101000000+00'00'"),
            "2020-01-01T00:00:00+00:00"
        );
        assert_eq!(xmp_date("D:20261130174500Z"), "2026-11-30T17:45:00Z");
        assert_eq!(xmp_date("soon"), "");
    }

    #[test]
    fn the_packet_escapes_the_title_and_names_the_standard() {
        let info = InfoText {
            title: "Tips & <tricks>".into(),
            ..Default::default()
        };
        let x4 = xmp_packet(&info, "uuid:0", Standard::PdfX4);
        assert!(x4.contains("Tips &amp; &lt;tricks&gt;"));
        assert!(x4.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        let a2 = xmp_packet(&info, "uuid:0", Standard::PdfA2b);
        assert!(a2.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(!a2.contains("GTS_PDFXVersion>"));
    }
}
