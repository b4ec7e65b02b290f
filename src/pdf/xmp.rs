//! The PDF's XMP metadata packet: the document information dictionary
//! said again in XMP (ISO 16684-1), which PDF/UA (and PDF/A, PDF/X)
//! readers take the document's title and claims from.
//!
//! The packet is made from the information dictionary the writer has
//! already written, so that the two always agree, plus the claims of
//! conformance the writer makes ([`Claims`]).

use lopdf::{Dictionary, Object};

/// What the packet says beyond the information dictionary: the standards
/// the file claims to meet. The tagged PDF claims PDF/UA; a print profile
/// adds PDF/X or PDF/A (`super::print`); one packet names them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// The part of PDF/UA the file meets (`pdfuaid:part`), if any.
    pub pdfua_part: Option<u8>,
    /// The PDF/X version the file meets (`pdfxid:GTS_PDFXVersion`, e.g.
    /// `PDF/X-4`), if any.
    pub pdfx_version: Option<&'static str>,
    /// The PDF/A part and conformance level the file meets
    /// (`pdfaid:part`, `pdfaid:conformance`, e.g. 2 and `B`), if any.
    pub pdfa: Option<(u8, char)>,
}

/// The fields of the packet, as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// `dc:title` (`/Title`).
    pub title: String,
    /// `dc:creator` (`/Author`).
    pub author: String,
    /// `dc:description` (`/Subject`).
    pub subject: String,
    /// `pdf:Keywords` (`/Keywords`).
    pub keywords: String,
    /// `xmp:CreatorTool` (`/Creator`).
    pub creator: String,
    /// `pdf:Producer` (`/Producer`).
    pub producer: String,
    /// `xmp:CreateDate` (`/CreationDate`), in XMP's date form.
    pub created: Option<String>,
    /// `xmp:ModifyDate` and `xmp:MetadataDate` (`/ModDate`).
    pub modified: Option<String>,
    /// `dc:language`: the catalog's `/Lang`.
    pub language: String,
    /// `pdf:Trapped` (`/Trapped`, a name: `True`, `False`), when given.
    pub trapped: Option<String>,
    /// `xmpMM:DocumentID` and `InstanceID`: the trailer's first ID as a
    /// UUID URN (PDF/X asks for them).
    pub document_id: Option<String>,
}

impl Fields {
    /// The fields of the information dictionary `info`, and `language`.
    pub fn from_info(info: &Dictionary, language: &str) -> Fields {
        let text = |key: &[u8]| info.get(key).map(text_of).unwrap_or_default();
        Fields {
            title: text(b"Title"),
            author: text(b"Author"),
            subject: text(b"Subject"),
            keywords: text(b"Keywords"),
            creator: text(b"Creator"),
            producer: text(b"Producer"),
            created: xmp_date(&text(b"CreationDate")),
            modified: xmp_date(&text(b"ModDate")),
            language: language.to_string(),
            trapped: info
                .get(b"Trapped")
                .and_then(Object::as_name)
                .ok()
                .map(|name| String::from_utf8_lossy(name).into_owned()),
            document_id: None,
        }
    }
}

/// The trailer's first ID of `doc` (derived from the content) as a
/// `uuid:` identifier, as XMP writes them, if it has one.
fn document_uuid(doc: &lopdf::Document) -> Option<String> {
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .ok()?
        .first()?
        .as_str()
        .ok()?;
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(id) {
        *slot = *b;
    }
    Some(format!(
        "uuid:{}",
        uuid::Uuid::from_bytes(bytes).hyphenated()
    ))
}

/// A PDF text string as text: UTF-16BE after its byte order mark, or
/// PDFDocEncoding (read as Latin-1, which it is for the characters an
/// information dictionary holds).
pub fn text_of(object: &Object) -> String {
    let Object::String(bytes, _) = object else {
        return String::new();
    };
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`) in XMP's form
/// (`YYYY-MM-DDTHH:mm:SS+HH:mm`); `None` when it is not one.
pub fn xmp_date(pdf: &str) -> Option<String> {
    let rest = pdf.strip_prefix("D:").unwrap_or(pdf);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    let part = |from: usize, default: &'static str| digits.get(from..from + 2).unwrap_or(default);
    let date = format!(
        "{}-{}-{}T{}:{}:{}",
        &digits[..4],
        part(4, "01"),
        part(6, "01"),
        part(8, "00"),
        part(10, "00"),
        part(12, "00")
    );
    let zone = &rest[digits.len()..];
    let offset = match zone.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let z: String = zone.chars().filter(char::is_ascii_digit).collect();
            let hours = z.get(..2).unwrap_or("00");
            let minutes = z.get(2..4).unwrap_or("00");
            format!("{sign}{hours}:{minutes}")
        }
        _ => "Z".to_string(),
    };
    Some(date + &offset)
}

/// `text` escaped for XML character data and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet of `fields` with `claims`, as UTF-8 text.
pub fn packet(fields: &Fields, claims: &Claims) -> String {
    let mut body = String::new();
    let mut push = |line: String| {
        body.push_str("   ");
        body.push_str(&line);
        body.push('\n');
    };
    push("<dc:format>application/pdf</dc:format>".into());
    let alt = |name: &str, value: &str| {
        format!(
            "<dc:{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:{name}>",
            escape(value)
        )
    };
    if !fields.title.is_empty() {
        push(alt("title", &fields.title));
    }
    if !fields.author.is_empty() {
        push(format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            escape(&fields.author)
        ));
    }
    if !fields.subject.is_empty() {
        push(alt("description", &fields.subject));
    }
    if !fields.language.is_empty() {
        push(format!(
            "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
            escape(&fields.language)
        ));
    }
    if !fields.keywords.is_empty() {
        push(format!(
            "<pdf:Keywords>{}</pdf:Keywords>",
            escape(&fields.keywords)
        ));
    }
    if !fields.producer.is_empty() {
        push(format!(
            "<pdf:Producer>{}</pdf:Producer>",
            escape(&fields.producer)
        ));
    }
    if !fields.creator.is_empty() {
        push(format!(
            "<xmp:CreatorTool>{}</xmp:CreatorTool>",
            escape(&fields.creator)
        ));
    }
    if let Some(date) = &fields.created {
        push(format!("<xmp:CreateDate>{date}</xmp:CreateDate>"));
    }
    if let Some(date) = &fields.modified {
        push(format!("<xmp:ModifyDate>{date}</xmp:ModifyDate>"));
        push(format!("<xmp:MetadataDate>{date}</xmp:MetadataDate>"));
    }
    if let Some(trapped) = &fields.trapped {
        push(format!("<pdf:Trapped>{}</pdf:Trapped>", escape(trapped)));
    }
    if let Some(id) = &fields.document_id {
        push(format!("<xmpMM:DocumentID>{id}</xmpMM:DocumentID>"));
        push(format!("<xmpMM:InstanceID>{id}</xmpMM:InstanceID>"));
        push("<xmpMM:VersionID>1</xmpMM:VersionID>".into());
        push("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>".into());
    }
    if let Some(part) = claims.pdfua_part {
        push(format!("<pdfuaid:part>{part}</pdfuaid:part>"));
    }
    if let Some(version) = claims.pdfx_version {
        push(format!(
            "<pdfxid:GTS_PDFXVersion>{}</pdfxid:GTS_PDFXVersion>",
            escape(version)
        ));
    }
    if let Some((part, conformance)) = claims.pdfa {
        push(format!("<pdfaid:part>{part}</pdfaid:part>"));
        push(format!(
            "<pdfaid:conformance>{conformance}</pdfaid:conformance>"
        ));
    }
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         \x20 <rdf:Description rdf:about=\"\"\n\
         \x20   xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \x20   xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
         \x20   xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
         \x20   xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n\
         \x20   xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n\
         \x20   xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n\
         \x20   xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
         {body}\
         \x20 </rdf:Description>\n\
         </rdf:RDF>\n\
         </x:xmpmeta>\n\
         <?xpacket end=\"w\"?>"
    )
}

/// Adds the packet of `info` (the document's information dictionary)
/// and `claims` to `doc` as its catalog's `/Metadata` stream, left
/// uncompressed so that tools that do not read PDF can find it.
pub fn add_metadata(doc: &mut lopdf::Document, language: &str, claims: &Claims) {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| match o {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .cloned()
        .unwrap_or_default();
    let fields = Fields {
        document_id: document_uuid(doc),
        ..Fields::from_info(&info, language)
    };
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream =
        lopdf::Stream::new(dict, packet(&fields, claims).into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_xmp_dates() {
        assert_eq!(
            xmp_date("D:20190107123456+00'00'").as_deref(),
            Some("2019-01-07T12:34:56+00:00")
        );
        assert_eq!(xmp_date("D:2019").as_deref(), Some("2019-01-01T00:00:00Z"));
        assert_eq!(xmp_date("yesterday"), None);
    }

    #[test]
    fn the_packet_says_what_the_info_dictionary_says() {
        let mut info = Dictionary::new();
        info.set(
            "Title",
            Object::String(
                vec![0xFE, 0xFF, 0x4E, 0x2D, 0, b'&'],
                lopdf::StringFormat::Hexadecimal,
            ),
        );
        info.set("Author", Object::string_literal("A <B>"));
        info.set(
            "CreationDate",
            Object::string_literal("D:20190101000000+00'00'"),
        );
        let fields = Fields::from_info(&info, "zh-Hans");
        assert_eq!(fields.title, "中&");
        let xml = packet(
            &fields,
            &Claims {
                pdfua_part: Some(1),
                pdfx_version: Some("PDF/X-4"),
                pdfa: None,
            },
        );
        assert!(
            xml.contains("<rdf:li xml:lang=\"x-default\">中&amp;</rdf:li>"),
            "{xml}"
        );
        assert!(xml.contains("<rdf:li>A &lt;B&gt;</rdf:li>"), "{xml}");
        assert!(xml.contains("<xmp:CreateDate>2019-01-01T00:00:00+00:00</xmp:CreateDate>"));
        assert!(xml.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xml.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(!xml.contains("pdfaid:part>"));
        assert!(xml.contains("<rdf:li>zh-Hans</rdf:li>"));
        assert!(roxmltree::Document::parse(xml.trim_start_matches('\u{FEFF}')).is_ok());
    }
}
