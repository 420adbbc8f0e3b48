//! What a page shows, as marks placed in millimetres from the top-left corner, and the text
//! fitting that keeps every string inside its box (wrapped or cut with an ellipsis, never
//! overlapping its neighbour). The layout draws here; `emit` turns marks into PDF operations
//! once the page count is known and the fonts are subset.

use super::fonts::{Face, MM_PER_PT};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const INK: Rgb = Rgb(0.12, 0.14, 0.17);
pub const MUTED: Rgb = Rgb(0.40, 0.43, 0.48);
pub const ACCENT: Rgb = Rgb(0.06, 0.27, 0.50);
pub const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
pub const BAND: Rgb = Rgb(0.945, 0.953, 0.965);
pub const GROUP_BAND: Rgb = Rgb(0.905, 0.93, 0.96);
pub const RULE: Rgb = Rgb(0.80, 0.82, 0.85);
pub const ALERT: Rgb = Rgb(0.75, 0.10, 0.10);
pub const WATERMARK: Rgb = Rgb(0.97, 0.86, 0.86);

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// `y` is the baseline; `angle` in degrees, counter-clockwise, about the start of the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        color: Rgb,
        text: String,
        angle: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        color: Rgb,
    },
    /// The issuer's logo, `y` its top edge.
    Logo {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

#[derive(Debug, Default)]
pub struct Page {
    pub marks: Vec<Mark>,
}

impl Page {
    pub fn text(&mut self, x: f32, baseline: f32, face: Face, size: f32, color: Rgb, text: &str) {
        let text = printable(face, text);
        if !text.trim().is_empty() {
            self.marks.push(Mark::Text { x, y: baseline, size, face, color, text, angle: 0.0 });
        }
    }

    /// Text ending at `right`.
    pub fn text_right(&mut self, right: f32, baseline: f32, face: Face, size: f32, color: Rgb, text: &str) {
        let x = right - face.width_mm(text, size);
        self.text(x, baseline, face, size, color, text);
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.marks.push(Mark::Rect { x, y, w, h, color });
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, width_pt: f32, color: Rgb) {
        self.marks.push(Mark::Line { x1, y1: y, x2, y2: y, width_pt, color });
    }
}

/// Characters the face cannot draw become `?`, control characters spaces: a name pasted with a
/// tab or an emoji still prints, and the text stays searchable.
pub fn printable(face: Face, text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if face.covers(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Height in millimetres of a line of `size_pt` text, baseline to baseline.
pub fn leading(size_pt: f32) -> f32 {
    size_pt * MM_PER_PT * 1.28
}

/// Distance from the top of a text line to its baseline.
pub fn ascent(size_pt: f32) -> f32 {
    size_pt * MM_PER_PT * 0.82
}

/// `text` cut to `max_w` with a trailing ellipsis when it does not fit.
pub fn fit(text: &str, face: Face, size: f32, max_w: f32) -> String {
    let text = text.trim();
    if face.width_mm(text, size) <= max_w {
        return text.to_string();
    }
    let ellipsis_w = face.width_mm("…", size);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = face.width_mm(c.encode_utf8(&mut [0; 4]), size);
        if width + w + ellipsis_w > max_w {
            break;
        }
        out.push(c);
        width += w;
    }
    format!("{}…", out.trim_end())
}

/// `text` in lines no wider than `max_w`, at most `max_lines` (the last cut with an ellipsis when
/// text remains). Words longer than a line are broken where they overflow.
pub fn wrap(text: &str, face: Face, size: f32, max_w: f32, max_lines: usize) -> Vec<String> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let space_w = face.width_mm(" ", size);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_w = 0.0;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        let word_w = face.width_mm(word, size);
        let needed = if current.is_empty() { word_w } else { current_w + space_w + word_w };
        if needed <= max_w {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            current_w = needed;
            i += 1;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
            current_w = 0.0;
            if lines.len() == max_lines {
                return finish_cut(lines, &words[i..].join(" "), face, size, max_w);
            }
            continue; // the word starts the next line
        }
        // Alone on its line and still too wide: take what fits, the rest goes on.
        let mut piece_w = 0.0;
        let mut taken = 0;
        for (at, c) in word.char_indices() {
            let w = face.width_mm(c.encode_utf8(&mut [0; 4]), size);
            if piece_w + w > max_w && at > 0 {
                break;
            }
            piece_w += w;
            taken = at + c.len_utf8();
        }
        lines.push(word[..taken].to_string());
        let rest = &word[taken..];
        if lines.len() == max_lines {
            let remaining = std::iter::once(rest).chain(words[i + 1..].iter().copied()).collect::<Vec<_>>().join(" ");
            return finish_cut(lines, &remaining, face, size, max_w);
        }
        if rest.is_empty() {
            i += 1;
        } else {
            words[i] = rest;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The lines are full but text remains: end the last line with an ellipsis.
fn finish_cut(mut lines: Vec<String>, remaining: &str, face: Face, size: f32, max_w: f32) -> Vec<String> {
    if remaining.trim().is_empty() {
        return lines;
    }
    if let Some(last) = lines.last_mut() {
        let joined = format!("{last} {remaining}");
        *last = fit(&joined, face, size, max_w);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(fit("Total", Face::Regular, 9.0, 50.0), "Total");
        assert_eq!(wrap("Virtual Machines D2s v3", Face::Regular, 8.5, 80.0, 3), vec!["Virtual Machines D2s v3"]);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_inside_its_box() {
        let cut = fit("Établissements Łukasz Østergaard & Söhne GmbH", Face::Bold, 10.0, 30.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(Face::Bold.width_mm(&cut, 10.0) <= 30.0);
    }

    #[test]
    fn wrapping_keeps_every_line_inside_the_width_and_stops_at_the_limit() {
        let text = "Azure Cosmos DB serverless request units for the multi-region write account in West Europe and \
                    North Europe with analytical store enabled";
        let lines = wrap(text, Face::Regular, 8.5, 60.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(Face::Regular.width_mm(line, 8.5) <= 60.0, "{line}");
        }
        let all = wrap(text, Face::Regular, 8.5, 60.0, 10);
        assert_eq!(all.join(" "), text.split_whitespace().collect::<Vec<_>>().join(" "));
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let word = "x".repeat(200);
        let lines = wrap(&word, Face::Regular, 8.0, 40.0, 2);
        assert_eq!(lines.len(), 2);
        for line in &lines {
            assert!(Face::Regular.width_mm(line, 8.0) <= 40.0);
        }
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn unprintable_characters_become_question_marks() {
        let mut page = Page::default();
        page.text(0.0, 0.0, Face::Regular, 9.0, INK, "Tab\there 漢");
        let Mark::Text { text, .. } = &page.marks[0] else { panic!() };
        assert_eq!(text, "Tab here ?");
    }
}
