//! The issuer's logo (a PNG from Settings) as a ready-to-embed PDF image: decoded, reduced to
//! what the page can show, compressed once and kept for the next invoice of the run.
//!
//! A billing run prints the same logo on every invoice; decoding and deflating it again for each
//! one was most of the export time, so the last logo stays cached.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};

use super::emit::deflate;
use csp_domain::CoreError;

/// Wider logos are reduced: the page shows at most 50 mm, which is 590 pixels at 300 dpi.
const MAX_WIDTH_PX: usize = 600;

#[derive(Debug)]
pub struct Logo {
    pub width: usize,
    pub height: usize,
    /// RGB samples, zlib-compressed.
    rgb: Vec<u8>,
    /// The alpha channel, zlib-compressed, when some pixel is not opaque.
    alpha: Option<Vec<u8>>,
    /// When there is an alpha channel: the RGB samples blended onto white paper, compressed, for
    /// documents that may not use transparency (PDF/A-3 as Factur-X readers check it).
    flat: Option<Vec<u8>>,
}

impl Logo {
    /// The logo for these PNG bytes, decoded once per distinct logo.
    pub fn from_png(bytes: &[u8]) -> Result<Arc<Logo>, CoreError> {
        static LAST: Mutex<Option<(Vec<u8>, Arc<Logo>)>> = Mutex::new(None);
        // A poisoned lock only means another render panicked; the cached value is still whole.
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((cached_bytes, logo)) = last.as_ref() {
            if cached_bytes.as_slice() == bytes {
                return Ok(Arc::clone(logo));
            }
        }
        let logo = Arc::new(decode(bytes).map_err(|e| {
            CoreError::validation(
                format!("the logo in Settings is not a readable PNG image ({e})"),
                format!("le logo des paramètres n'est pas une image PNG lisible ({e})"),
            )
        })?);
        *last = Some((bytes.to_vec(), Arc::clone(&logo)));
        Ok(logo)
    }

    /// The image XObject, its streams already compressed (so the writer leaves them alone).
    pub fn xobject(&self) -> ExternalXObject {
        let mut dict = image_dict(self.width, self.height, "DeviceRGB");
        if let Some(alpha) = &self.alpha {
            let mask = ExternalStream {
                dict: image_dict(self.width, self.height, "DeviceGray"),
                content: alpha.clone(),
                compress: false,
            };
            dict.insert("SMask".into(), DictItem::Stream { stream: mask });
        }
        ExternalXObject {
            stream: ExternalStream { dict, content: self.rgb.clone(), compress: false },
            width: Some(Px(self.width)),
            height: Some(Px(self.height)),
            dpi: None,
        }
    }

    /// The image XObject without transparency: the logo as it looks on white paper.
    pub fn opaque_xobject(&self) -> ExternalXObject {
        let dict = image_dict(self.width, self.height, "DeviceRGB");
        let content = self.flat.as_ref().unwrap_or(&self.rgb).clone();
        ExternalXObject {
            stream: ExternalStream { dict, content, compress: false },
            width: Some(Px(self.width)),
            height: Some(Px(self.height)),
            dpi: None,
        }
    }
}

fn image_dict(width: usize, height: usize, color_space: &str) -> BTreeMap<String, DictItem> {
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(width as i64)),
        ("Height".to_string(), DictItem::Int(height as i64)),
        ("ColorSpace".to_string(), name(color_space)),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
        ("Filter".to_string(), name("FlateDecode")),
    ])
}

fn decode(bytes: &[u8]) -> Result<Logo, String> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("image too large")?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let (width, height) = (info.width as usize, info.height as usize);
    if width == 0 || height == 0 {
        return Err("empty image".into());
    }
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("unexpanded palette".into()),
    };
    // RGBA rows, whatever the PNG held.
    let mut rgba = Vec::with_capacity(width * height * 4);
    for row in buf.chunks(info.line_size).take(height) {
        for px in row[..width * channels].chunks_exact(channels) {
            let pixel = match channels {
                1 => [px[0], px[0], px[0], 255],
                2 => [px[0], px[0], px[0], px[1]],
                3 => [px[0], px[1], px[2], 255],
                _ => [px[0], px[1], px[2], px[3]],
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    let (rgba, width, height) = reduce(rgba, width, height);
    let rgb: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let alpha: Vec<u8> = rgba.chunks_exact(4).map(|p| p[3]).collect();
    let translucent = alpha.iter().any(|a| *a != 255);
    let flat = translucent.then(|| {
        // Over white: c·a + 255·(1 − a), in integers (a ≤ 255, so no overflow in u32).
        let blended: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| {
                let a = u32::from(p[3]);
                let over = |c: u8| ((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
                [over(p[0]), over(p[1]), over(p[2])]
            })
            .collect();
        deflate(&blended)
    });
    let alpha = translucent.then(|| deflate(&alpha));
    Ok(Logo { width, height, rgb: deflate(&rgb), alpha, flat })
}

/// Averages blocks of pixels until the logo is at most `MAX_WIDTH_PX` wide.
fn reduce(rgba: Vec<u8>, width: usize, height: usize) -> (Vec<u8>, usize, usize) {
    let factor = width.div_ceil(MAX_WIDTH_PX);
    if factor <= 1 {
        return (rgba, width, height);
    }
    let (w, h) = ((width / factor).max(1), (height / factor).max(1));
    let mut out = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 4];
            let mut n = 0;
            for sy in y * factor..((y + 1) * factor).min(height) {
                for sx in x * factor..((x + 1) * factor).min(width) {
                    let at = (sy * width + sx) * 4;
                    for (c, total) in sum.iter_mut().enumerate() {
                        *total += u32::from(rgba[at + c]);
                    }
                    n += 1;
                }
            }
            out.extend(sum.iter().map(|total| (total / n.max(1)) as u8));
        }
    }
    (out, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.write_header().unwrap().write_image_data(data).unwrap();
        out
    }

    #[test]
    fn an_opaque_logo_has_no_mask_and_a_transparent_one_keeps_its_alpha() {
        let opaque = decode(&png(2, 1, png::ColorType::Rgb, &[255, 0, 0, 0, 0, 255])).unwrap();
        assert_eq!((opaque.width, opaque.height), (2, 1));
        assert!(opaque.alpha.is_none());
        let clear = decode(&png(1, 1, png::ColorType::GrayscaleAlpha, &[0, 0])).unwrap();
        assert!(clear.alpha.is_some());
    }

    #[test]
    fn a_large_logo_is_reduced_to_what_the_page_shows() {
        let data = vec![128u8; 2400 * 100 * 3];
        let logo = decode(&png(2400, 100, png::ColorType::Rgb, &data)).unwrap();
        assert_eq!((logo.width, logo.height), (600, 25));
    }

    #[test]
    fn garbage_is_not_a_logo() {
        let err = Logo::from_png(b"GIF89a").unwrap_err();
        assert_eq!(err.code(), "VALIDATION");
    }
}
