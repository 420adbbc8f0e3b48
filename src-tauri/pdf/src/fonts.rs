//! The two faces every document uses (Noto Sans regular and bold, compiled in from the `notosans`
//! crate), their metrics for layout, and per-document subsetting.
//!
//! printpdf only subsets fonts with its heavy text-layout feature; without it a whole face (about
//! 200 KB each) would be embedded in every invoice. So each document is drawn with a subset made
//! here by allsorts (the subsetter printpdf itself uses) holding only the glyphs the document
//! shows, named with the `ABCDEF+` tag that tells readers the program is a subset.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use csp_domain::CoreError;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => notosans::REGULAR_TTF,
            Face::Bold => notosans::BOLD_TTF,
        }
    }

    /// The PostScript name written in the PDF (after the subset tag).
    fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "NotoSans-Regular",
            Face::Bold => "NotoSans-Bold",
        }
    }

    fn metrics(self) -> &'static Metrics {
        static REGULAR: OnceLock<Metrics> = OnceLock::new();
        static BOLD: OnceLock<Metrics> = OnceLock::new();
        let cell = match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        };
        cell.get_or_init(|| Metrics::parse(self.bytes()))
    }

    /// Whether the face has a glyph for `c` (anything else is printed as `?`).
    pub fn covers(self, c: char) -> bool {
        self.metrics().glyph.contains_key(&(c as u32))
    }

    /// Width of `text` at `size_pt`, in millimetres. Text is drawn glyph by glyph with these
    /// advances (no kerning), so this is exactly the width on the page.
    pub fn width_mm(self, text: &str, size_pt: f32) -> f32 {
        let m = self.metrics();
        let units: u32 = text.chars().map(|c| m.advance(c)).sum();
        units as f32 / m.units_per_em * size_pt * MM_PER_PT
    }
}

/// What layout needs from a face: which glyph draws a character and how wide it is.
struct Metrics {
    glyph: BTreeMap<u32, u16>,
    advance: BTreeMap<u16, u16>,
    units_per_em: f32,
    fallback: u16,
}

impl Metrics {
    fn parse(bytes: &[u8]) -> Self {
        // The faces are compiled in and known good: failing here is a build defect, not user input.
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled Noto Sans face parses");
        let fallback = font.codepoint_to_glyph.get(&('?' as u32)).and_then(|g| font.glyph_widths.get(g)).copied();
        Self {
            glyph: font.codepoint_to_glyph,
            advance: font.glyph_widths,
            units_per_em: f32::from(font.units_per_em.max(1)),
            fallback: fallback.unwrap_or(0),
        }
    }

    fn advance(&self, c: char) -> u32 {
        let width = self.glyph.get(&(c as u32)).and_then(|g| self.advance.get(g)).copied();
        u32::from(width.unwrap_or(self.fallback))
    }

    fn glyph_ids(&self, chars: &BTreeSet<char>) -> Vec<u16> {
        // Glyph 0 (.notdef) must come first; allsorts renumbers in this order.
        let used: BTreeSet<u16> = chars.iter().filter_map(|c| self.glyph.get(&(*c as u32)).copied()).collect();
        std::iter::once(0).chain(used.into_iter().filter(|g| *g != 0)).collect()
    }
}

/// A face cut down to the characters of one document, ready for `PdfDocument::add_font`.
pub fn subset_face(face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont, CoreError> {
    let failed = |what: &str| {
        CoreError::validation(
            format!("the invoice font could not be prepared ({what})"),
            format!("la police de la facture n'a pas pu être préparée ({what})"),
        )
    };
    let glyph_ids = face.metrics().glyph_ids(chars);
    let data = ReadScope::new(face.bytes()).read::<FontData<'_>>().map_err(|e| failed(&e.to_string()))?;
    let provider = data.table_provider(0).map_err(|e| failed(&e.to_string()))?;
    let bytes =
        subset(&provider, &glyph_ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| failed(&e.to_string()))?;
    let mut font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).ok_or_else(|| failed("subset unreadable"))?;
    font.font_name = Some(format!("{}+{}", subset_tag(face, &glyph_ids), face.postscript_name()));
    Ok(font)
}

/// Six capital letters derived from the glyph set (ISO 32000-1 §9.6.4): the same subset always
/// gets the same tag, different subsets almost always different ones.
fn subset_tag(face: Face, glyph_ids: &[u16]) -> String {
    // FNV-1a: tiny, stable across runs and platforms (unlike std's randomised hasher).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let face_byte = match face {
        Face::Regular => 0u8,
        Face::Bold => 1u8,
    };
    for byte in std::iter::once(face_byte).chain(glyph_ids.iter().flat_map(|g| g.to_be_bytes())) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| {
            let letter = ((hash >> (i * 8)) % 26) as u8;
            char::from(b'A' + letter)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_faces_cover_latin_extended_and_the_euro_sign() {
        for face in [Face::Regular, Face::Bold] {
            for c in ['é', 'ß', 'Ł', 'Ø', 'ő', 'ž', '€', '–', '×', '…', '\u{a0}'] {
                assert!(face.covers(c), "{face:?} lacks {c}");
            }
        }
    }

    #[test]
    fn bold_text_is_wider_than_regular_and_width_scales_with_size() {
        let regular = Face::Regular.width_mm("Total HT 1 234,56 €", 10.0);
        assert!(Face::Bold.width_mm("Total HT 1 234,56 €", 10.0) > regular);
        assert!((Face::Regular.width_mm("Total HT 1 234,56 €", 20.0) - 2.0 * regular).abs() < 0.01);
    }

    #[test]
    fn a_subset_holds_only_the_glyphs_asked_for() {
        let chars: BTreeSet<char> = "Łódź €".chars().collect();
        let font = subset_face(Face::Regular, &chars).unwrap();
        assert!(font.original_bytes.len() < 10_000, "subset is {} bytes", font.original_bytes.len());
        for c in chars {
            assert!(font.lookup_glyph_index(c as u32).is_some(), "subset lost {c}");
        }
        assert!(font.lookup_glyph_index('Q' as u32).is_none());
        let name = font.font_name.unwrap();
        assert!(name.ends_with("+NotoSans-Regular") && name[..6].chars().all(|c| c.is_ascii_uppercase()), "{name}");
    }
}
