//! Marks to PDF: the fonts subset to the characters the document shows, the logo as an image,
//! each page's marks as printpdf operations, and the file written with compressed streams.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use flate2::write::ZlibEncoder;
use flate2::Compression;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::canvas::{Mark, Page, Rgb};
use super::fonts::{self, Face, MM_PER_PT};
use super::layout::Laid;
use super::logo::Logo;
use csp_domain::CoreError;

/// Writes the PDF. `finish`, when given, completes the document before it is saved (the archival
/// PDF/A-3 parts of a Factur-X), and the logo is then drawn without transparency. `document_id`,
/// when given, is recorded in the document information dictionary under [`crate::DOCUMENT_ID_KEY`]
/// (plain text), so that an export can tell its own earlier file of the same document from any other.
pub fn write(
    title: &str,
    laid: &Laid,
    logo: Option<&Logo>,
    document_id: Option<&str>,
    finish: Option<crate::Finish<'_>>,
) -> Result<Vec<u8>, CoreError> {
    let mut chars: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for mark in laid.pages.iter().flat_map(|p| &p.marks) {
        if let Mark::Text { face, text, .. } = mark {
            chars.entry(*face).or_default().extend(text.chars());
        }
    }
    let mut pdf = PdfDocument::new(title);
    pdf.metadata.info.creator = "CSP Desk".to_string();
    pdf.metadata.info.producer = "CSP Desk".to_string();
    let mut font_ids = BTreeMap::new();
    for (face, used) in &chars {
        let font = fonts::subset_face(*face, used)?;
        font_ids.insert(*face, pdf.add_font(&font));
    }
    let logo_id = logo.map(|logo| {
        let xobject = if finish.is_some() { logo.opaque_xobject() } else { logo.xobject() };
        (pdf.add_xobject(&xobject), logo.width)
    });
    let pages: Vec<PdfPage> = laid
        .pages
        .iter()
        .map(|page| {
            let ops = page_ops(page, laid.height, &font_ids, logo_id.as_ref());
            PdfPage::new(Mm(laid.width), Mm(laid.height), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        // Streams are compressed below, at a faster level than printpdf's.
        optimize: false,
        // The fonts are already subset (see `fonts`); printpdf without its text-layout feature
        // embeds what it is given.
        subset_fonts: false,
        secure: true,
        // The only image, the logo, arrives compressed (see `logo`).
        image_optimization: None,
    };
    let mut file = pdf.with_pages(pages).to_lopdf_document(&options, &mut Vec::new());
    for object in file.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let packed = deflate(&stream.content);
                if packed.len() < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(packed);
                }
            }
        }
    }
    if let Some(finish) = finish {
        finish(&mut file)?;
    }
    if let Some(id) = document_id {
        let info = file.trailer.get(b"Info").and_then(lopdf::Object::as_reference).ok();
        if let Some(dict) = info.and_then(|r| file.get_object_mut(r).ok()).and_then(|o| o.as_dict_mut().ok()) {
            dict.set(crate::DOCUMENT_ID_KEY, lopdf::Object::string_literal(id));
        }
    }
    let mut bytes = Vec::with_capacity(64 * 1024);
    file.save_to(&mut bytes)?;
    Ok(bytes)
}

/// zlib at the default level: within a few per cent of the best ratio, several times faster,
/// which is most of the time an export of a thousand invoices takes.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

fn point(x_mm: f32, y_mm_from_top: f32, page_h: f32) -> Point {
    Point::new(Mm(x_mm), Mm(page_h - y_mm_from_top))
}

fn pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

/// The page's operations. Text runs share one text object, and fonts and colours are only set
/// when they change, which keeps the content streams short.
fn page_ops(page: &Page, page_h: f32, fonts: &BTreeMap<Face, FontId>, logo: Option<&(XObjectId, usize)>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.marks.len() * 3);
    let mut in_text = false;
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<Rgb> = None;
    for mark in &page.marks {
        if in_text && !matches!(mark, Mark::Text { .. }) {
            ops.push(Op::EndTextSection);
            in_text = false;
        }
        match mark {
            Mark::Text { x, y, size, face, color: c, text, angle } => {
                let Some(id) = fonts.get(face) else { continue };
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                if font != Some((*face, *size)) {
                    ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(*size) });
                    font = Some((*face, *size));
                }
                if fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    fill = Some(*c);
                }
                let (sin, cos) = angle.to_radians().sin_cos();
                let matrix = [cos, sin, -sin, cos, pt(*x), pt(page_h - y)];
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw(matrix) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
            }
            Mark::Rect { x, y, w, h, color: c } => {
                if fill != Some(*c) {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    fill = Some(*c);
                }
                let mut rect = Rect::from_xywh(Pt(pt(*x)), Pt(pt(page_h - y - h)), Pt(pt(*w)), Pt(pt(*h)));
                rect.mode = Some(PaintMode::Fill);
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
            Mark::Line { x1, y1, x2, y2, width_pt, color: c } => {
                ops.push(Op::SetOutlineColor { col: color(*c) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width_pt) });
                let points = [point(*x1, *y1, page_h), point(*x2, *y2, page_h)];
                let points = points.into_iter().map(|p| LinePoint { p, bezier: false }).collect();
                ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
            }
            Mark::Logo { x, y, w, h } => {
                let Some((id, px_w)) = logo else { continue };
                // printpdf sizes an image from its pixels and a resolution: pick the resolution
                // that makes it `w` millimetres wide (the height follows the aspect ratio).
                let dpi = *px_w as f32 * 25.4 / w;
                let transform = XObjectTransform {
                    translate_x: Some(Pt(pt(*x))),
                    translate_y: Some(Pt(pt(page_h - y - h))),
                    dpi: Some(dpi),
                    ..XObjectTransform::default()
                };
                ops.push(Op::UseXobject { id: id.clone(), transform });
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}
