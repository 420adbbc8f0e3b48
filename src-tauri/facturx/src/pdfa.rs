//! The PDF/A-3 (level B) parts of a Factur-X, added to the rendered document before it is saved:
//! XMP metadata (`pdfaid` part 3 B, the Factur-X extension schema) matching the Info dictionary,
//! an sRGB OutputIntent, and `factur-x.xml` as an associated file (`/AF`, `AFRelationship`).
//!
//! printpdf 0.12.8's own PDF/A conformance option was not used: it embeds a CMYK (FOGRA39)
//! output profile, wrong for a document drawn in RGB, and its XMP packet has no room for the
//! Factur-X extension schema, which every Factur-X reader looks for.

use std::sync::OnceLock;

use chrono::NaiveDate;
use csp_domain::CoreError;
use csp_pdf::lopdf::{self, dictionary, Dictionary, Object, Stream, StringFormat};

/// The attachment's name, fixed by the Factur-X specification.
pub const XML_NAME: &str = "factur-x.xml";
/// The Factur-X XMP extension namespace (version 1.0 of the specification's schema).
pub const FX_NAMESPACE: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";
pub const CONFORMANCE_LEVEL: &str = "EN 16931";

/// The sRGB IEC 61966-2.1 profile, generated once by moxcms.
fn srgb_icc() -> Result<&'static [u8], CoreError> {
    static ICC: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    ICC.get_or_init(|| moxcms::ColorProfile::new_srgb().encode().map_err(|e| format!("{e:?}")))
        .as_deref()
        .map_err(|e| CoreError::Io(std::io::Error::other(format!("sRGB profile: {e}"))))
}

/// A PDF text string: PDFDocEncoding is ASCII here, anything else UTF-16BE with its mark.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn escape_xml(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// What the archival parts say about the document.
pub struct Archive<'a> {
    pub title: &'a str,
    /// Creation and modification dates of the file: the issue date, so that exporting the same
    /// invoice twice gives the same metadata.
    pub date: NaiveDate,
    pub xml: &'a [u8],
}

/// Completes a rendered document as a PDF/A-3B Factur-X.
pub fn complete(doc: &mut lopdf::Document, a: &Archive<'_>) -> Result<(), CoreError> {
    doc.version = "1.7".to_string();
    let pdf_date = format!("D:{}000000+00'00'", a.date.format("%Y%m%d"));
    let xmp_date = format!("{}T00:00:00+00:00", a.date.format("%Y-%m-%d"));

    // Info, mirrored exactly by the XMP packet (PDF/A 6.7.3).
    let info = doc.add_object(dictionary! {
        "Title" => text(a.title),
        "Creator" => text("CSP Desk"),
        "Producer" => text("CSP Desk"),
        "CreationDate" => Object::string_literal(pdf_date.clone()),
        "ModDate" => Object::string_literal(pdf_date.clone()),
    });
    doc.trailer.set("Info", info);

    let metadata =
        Stream::new(dictionary! { "Type" => "Metadata", "Subtype" => "XML" }, xmp(a.title, &xmp_date).into_bytes())
            // Left uncompressed so that any tool can read the metadata (and PDF/A validators expect it).
            .with_compression(false);
    let metadata = doc.add_object(metadata);

    let icc = srgb_icc()?;
    let mut profile = Stream::new(dictionary! { "N" => 3 }, icc.to_vec());
    let _ = profile.compress();
    let profile = doc.add_object(profile);
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => text("sRGB IEC61966-2.1"),
        "Info" => text("sRGB IEC61966-2.1"),
        "DestOutputProfile" => profile,
    };

    let mut embedded = Stream::new(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => "text/xml",
            "Params" => dictionary! {
                "Size" => a.xml.len() as i64,
                "ModDate" => Object::string_literal(pdf_date),
            },
        },
        a.xml.to_vec(),
    );
    let _ = embedded.compress();
    let embedded = doc.add_object(embedded);
    let filespec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => text(XML_NAME),
        "UF" => text(XML_NAME),
        "Desc" => text("Factur-X invoice (EN 16931)"),
        // The XML is the invoice's data, of which the PDF is the visual rendering.
        "AFRelationship" => "Data",
        "EF" => dictionary! { "F" => embedded, "UF" => embedded },
    });

    let catalog = doc.catalog_mut().map_err(pdf_error)?;
    catalog.set("Metadata", metadata);
    catalog.set("OutputIntents", vec![Object::Dictionary(intent)]);
    catalog.set("AF", vec![Object::Reference(filespec)]);
    let names: Dictionary = dictionary! {
        "EmbeddedFiles" => dictionary! { "Names" => vec![text(XML_NAME), Object::Reference(filespec)] },
    };
    catalog.set("Names", names);
    // The page count of an invoice is small; readers show the attachment pane with the pages.
    catalog.set("PageMode", "UseAttachments");
    Ok(())
}

fn pdf_error(e: lopdf::Error) -> CoreError {
    CoreError::Io(std::io::Error::other(format!("PDF: {e}")))
}

/// The XMP packet: PDF/A identification, the title and dates of the Info dictionary, and the
/// Factur-X extension schema with its four properties.
fn xmp(title: &str, date: &str) -> String {
    let title = escape_xml(title);
    let property = |name: &str, description: &str| {
        format!(
            "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>\
             <pdfaProperty:valueType>Text</pdfaProperty:valueType>\
             <pdfaProperty:category>external</pdfaProperty:category>\
             <pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>\n"
        )
    };
    let properties = [
        property("DocumentFileName", "The name of the embedded XML document"),
        property("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
        property("Version", "The actual version of the standard applying to the embedded XML document"),
        property("ConformanceLevel", "The conformance level of the embedded XML document"),
    ]
    .concat();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">
<pdf:Producer>CSP Desk</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">
<xmp:CreatorTool>CSP Desk</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{FX_NAMESPACE}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
{properties}</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about=\"\" xmlns:fx=\"{FX_NAMESPACE}\">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>{XML_NAME}</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>{CONFORMANCE_LEVEL}</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>"
    )
}
