//! Where everything goes on the page: issuer block (logo) top-left, title and number top-right,
//! the customer block under them, a row of dates, the line table grouped by subscription (its
//! header repeated on every page), the totals box with the tax mentions and payment terms beside
//! it, and a footer with the issuer's legal identity and `Page X / Y` on every page.
//!
//! Positions are millimetres from the top-left corner; sizes of text are points.

use super::canvas::{
    ascent, fit, leading, printable, wrap, Mark, Page, Rgb, ACCENT, ALERT, BAND, GROUP_BAND, INK, MUTED, RULE,
    WATERMARK, WHITE,
};
use super::fonts::Face;
use super::format as fmt;
use super::labels::{self, Labels};
use super::model::{DocumentKind, InvoiceDocument, InvoiceLine, LineGroup, Operations, Paper, Party};

const BODY: f32 = 8.0;
const SMALL: f32 = 6.8;
const PAD: f32 = 1.6;
/// Lines of a description, and of its grey detail, before the text is cut with an ellipsis.
const DESCRIPTION_LINES: usize = 3;
const DETAIL_LINES: usize = 2;

pub struct Laid {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
}

/// The page and its margins.
#[derive(Debug, Clone, Copy)]
struct Geo {
    w: f32,
    h: f32,
    left: f32,
    right: f32,
    top: f32,
    /// Content ends above this line; the footer lives below it.
    limit: f32,
}

impl Geo {
    fn of(paper: Paper) -> Self {
        let (w, h) = match paper {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        };
        Geo { w, h, left: 16.0, right: w - 16.0, top: 14.0, limit: h - 22.0 }
    }

    fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// A column of the line table.
#[derive(Debug, Clone, Copy)]
struct Col {
    x: f32,
    w: f32,
    numeric: bool,
}

impl Col {
    fn inner_left(&self) -> f32 {
        self.x + PAD
    }
    fn inner_right(&self) -> f32 {
        self.x + self.w - PAD
    }
    fn inner_w(&self) -> f32 {
        self.w - 2.0 * PAD
    }
}

/// Description, quantity, unit, unit price, VAT rate, amount: the description takes what the
/// figures leave.
fn columns(g: &Geo) -> [Col; 6] {
    let fixed = [19.0, 22.0, 25.0, 11.0, 26.0];
    let desc_w = g.width() - fixed.iter().sum::<f32>();
    let mut cols = [Col { x: g.left, w: desc_w, numeric: false }; 6];
    let mut x = g.left + desc_w;
    for (i, w) in fixed.iter().enumerate() {
        cols[i + 1] = Col { x, w: *w, numeric: i != 1 };
        x += w;
    }
    cols
}

/// `logo_px`: the logo's size in pixels, when the document has one.
pub fn lay_out(doc: &InvoiceDocument, logo_px: Option<(usize, usize)>) -> Laid {
    let g = Geo::of(doc.paper);
    let mut w = Writer { doc, l: labels::labels(doc.lang), g, cols: columns(&g), pages: vec![Page::default()], y: 0.0 };
    w.first_page_header(logo_px);
    w.table();
    w.closing();
    w.finish_pages();
    Laid { width: g.w, height: g.h, pages: w.pages }
}

/// A table row's text, already fitted to its columns.
struct RowText {
    description: Vec<String>,
    detail: Vec<String>,
    unit: Vec<String>,
}

struct Writer<'a> {
    doc: &'a InvoiceDocument,
    l: &'static Labels,
    g: Geo,
    cols: [Col; 6],
    pages: Vec<Page>,
    /// Top of the free space on the current page.
    y: f32,
}

impl Writer<'_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a document has a page")
    }

    fn title(&self) -> &'static str {
        match self.doc.kind {
            DocumentKind::Invoice => self.l.invoice,
            DocumentKind::CreditNote => self.l.credit_note,
        }
    }

    fn money(&self, amount: rust_decimal::Decimal) -> String {
        fmt::money(amount, &self.doc.currency, self.doc.lang)
    }

    /// Starts a page when `h` more millimetres do not fit; the table header is repeated when the
    /// page break falls inside the table.
    fn ensure(&mut self, h: f32, in_table: bool) -> bool {
        if self.y + h <= self.g.limit {
            return false;
        }
        self.pages.push(Page::default());
        self.continuation_header();
        if in_table {
            self.table_header();
        }
        true
    }

    // ----- page 1 -----

    fn first_page_header(&mut self, logo_px: Option<(usize, usize)>) {
        let (g, doc, l) = (self.g, self.doc, self.l);
        let mid = g.left + g.width() * 0.52;
        let left_w = mid - g.left - 6.0;

        // Issuer, top-left under its logo.
        let mut y = g.top;
        if let Some((px_w, px_h)) = logo_px.filter(|(w, h)| *w > 0 && *h > 0) {
            let scale = (50.0 / px_w as f32).min(16.0 / px_h as f32);
            let (lw, lh) = (px_w as f32 * scale, px_h as f32 * scale);
            self.page().marks.push(Mark::Logo { x: g.left, y, w: lw, h: lh });
            y += lh + 4.0;
        }
        y = self.party_lines(&doc.issuer, g.left, y, left_w, 12.0, false);
        let issuer_bottom = y;

        // Title and number, top-right.
        let title = self.title();
        self.page().text_right(g.right, g.top + 7.5, Face::Bold, 22.0, ACCENT, title);
        let mut y = g.top + 14.5;
        match &doc.number {
            Some(number) => {
                let text = format!("{} {number}", l.number);
                let text = fit(&text, Face::Bold, 10.5, g.right - mid);
                self.page().text_right(g.right, y, Face::Bold, 10.5, INK, &text);
            }
            None => {
                self.page().text_right(g.right, y, Face::Bold, 10.5, ALERT, l.draft);
                y += 4.2;
                self.page().text_right(g.right, y, Face::Regular, 7.5, ALERT, l.draft_note);
                if doc.provisional {
                    y += 3.6;
                    let text = fit(l.provisional, Face::Bold, 7.5, g.right - mid);
                    self.page().text_right(g.right, y, Face::Bold, 7.5, ALERT, &text);
                }
            }
        }
        if let (DocumentKind::CreditNote, Some(cancelled)) = (doc.kind, &doc.credits_invoice) {
            y += 4.6;
            let text = fit(&format!("{} {cancelled}", l.cancels_invoice), Face::Regular, BODY, g.right - mid);
            self.page().text_right(g.right, y, Face::Regular, BODY, INK, &text);
        }

        // Customer, in a tinted box under the title.
        let box_x = mid;
        let box_top = y + 6.0;
        let inner_x = box_x + 4.5;
        let inner_w = g.right - inner_x - 3.0;
        // Place the text first to learn the box height, then slip the box in under it.
        let marks_before = self.page().marks.len();
        let label_y = box_top + 3.5 + ascent(SMALL);
        self.page().text(inner_x, label_y, Face::Bold, SMALL, MUTED, l.bill_to);
        let bottom = self.party_lines(&doc.customer, inner_x, label_y + 2.2, inner_w, 10.5, true);
        let bottom = bottom + 1.5;
        let text_marks: Vec<_> = self.page().marks.drain(marks_before..).collect();
        let page = self.page();
        page.rect(box_x, box_top, g.right - box_x, bottom - box_top, BAND);
        page.rect(box_x, box_top, 1.0, bottom - box_top, ACCENT);
        page.marks.extend(text_marks);

        // Dates row.
        self.y = issuer_bottom.max(bottom) + 6.0;
        self.meta_row();
    }

    /// Name, address, country, VAT ID (and SIREN, e-mail); returns the y under the block.
    fn party_lines(&mut self, party: &Party, x: f32, top: f32, w: f32, name_size: f32, customer: bool) -> f32 {
        let l = self.l;
        let lang = self.doc.lang;
        let mut y = top;
        for line in wrap(&party.name, Face::Bold, name_size, w, 2) {
            self.page().text(x, y + ascent(name_size), Face::Bold, name_size, INK, &line);
            y += leading(name_size);
        }
        y += 1.0;
        let mut rows: Vec<(String, Rgb)> = party.address_lines.iter().map(|a| (a.clone(), INK)).collect();
        if !party.country_name.is_empty() {
            rows.push((party.country_name.clone(), INK));
        }
        if customer && !party.delivery_lines.is_empty() {
            rows.push((labels::field(lang, l.delivery, &party.delivery_lines.join(", ")), INK));
        }
        if let Some(vat) = party.vat_id.as_deref().filter(|v| !v.is_empty()) {
            rows.push((labels::field(lang, l.vat_id, vat), INK));
        }
        if customer {
            if let Some(siren) = party.siren.as_deref().filter(|v| !v.is_empty()) {
                rows.push((labels::field(lang, l.siren, siren), INK));
            }
        }
        if let Some(email) = party.email.as_deref().filter(|v| !v.is_empty()) {
            rows.push((email.to_string(), MUTED));
        }
        // A delivery address is a legal mention: it wraps (up to three lines) rather than being cut.
        let delivery = (customer && !party.delivery_lines.is_empty())
            .then(|| labels::field(lang, l.delivery, &party.delivery_lines.join(", ")));
        for (text, color) in rows {
            let lines = if delivery.as_deref() == Some(text.as_str()) {
                wrap(&text, Face::Regular, BODY, w, 3)
            } else {
                vec![fit(&text, Face::Regular, BODY, w)]
            };
            for line in lines {
                self.page().text(x, y + ascent(BODY), Face::Regular, BODY, color, &line);
                y += leading(BODY);
            }
        }
        y
    }

    fn meta_row(&mut self) {
        let (g, doc, l, lang) = (self.g, self.doc, self.l, self.doc.lang);
        let issue = doc.issue_date.map(|d| fmt::date(d, lang)).unwrap_or_else(|| l.not_yet_issued.to_string());
        let second = match doc.kind {
            DocumentKind::Invoice => (
                l.due_date,
                match doc.payment.due_date {
                    Some(d) => fmt::date(d, lang),
                    None => labels::terms_short(lang, doc.payment.terms_days),
                },
            ),
            DocumentKind::CreditNote => {
                (l.cancels_invoice, doc.credits_invoice.clone().unwrap_or_else(|| "—".to_string()))
            }
        };
        let period = labels::period(lang, &fmt::date(doc.period_start, lang), &fmt::date(doc.period_end, lang));
        let mut cells = vec![(l.issue_date, issue), second, (l.period, period)];
        let shares: &[f32] = if let Some(Operations::Services) = doc.operations {
            // The reform's nature of the operations sits in this row: it costs the page no height.
            cells.push((l.operations, capitalised(l.services)));
            &[0.15, 0.19, 0.30, 0.26, 0.10]
        } else {
            &[0.22, 0.24, 0.40, 0.14]
        };
        cells.push((l.currency, doc.currency.clone()));
        let h = 12.0;
        let top = self.y;
        self.page().rect(g.left, top, g.width(), h, BAND);
        let mut x = g.left;
        for ((label, value), share) in cells.iter().zip(shares) {
            let cw = g.width() * share;
            let inner = cw - 7.0;
            // Smaller type rather than a cut: every fact of this row stays whole.
            let label_size = size_to_fit(label, Face::Regular, SMALL, inner).max(5.5);
            let value_size = size_to_fit(value, Face::Bold, 9.0, inner).max(7.0);
            let page = self.page();
            page.text(
                x + 3.5,
                top + 4.3,
                Face::Regular,
                label_size,
                MUTED,
                &fit(label, Face::Regular, label_size, inner),
            );
            page.text(x + 3.5, top + 9.0, Face::Bold, value_size, INK, &fit(value, Face::Bold, value_size, inner));
            x += cw;
        }
        self.y = top + h + 6.0;
    }

    // ----- pages 2.. -----

    fn continuation_header(&mut self) {
        let (g, doc, l) = (self.g, self.doc, self.l);
        let number = doc.number.as_deref().unwrap_or(l.draft);
        let right_text = format!("{} {} {number}", self.title(), l.number);
        let right_w = Face::Bold.width_mm(&right_text, 9.0);
        let issuer = fit(&doc.issuer.name, Face::Bold, 9.0, g.width() - right_w - 8.0);
        let period =
            labels::period(doc.lang, &fmt::date(doc.period_start, doc.lang), &fmt::date(doc.period_end, doc.lang));
        let page = self.page();
        page.text(g.left, g.top + 4.0, Face::Bold, 9.0, INK, &issuer);
        page.text_right(g.right, g.top + 4.0, Face::Bold, 9.0, ACCENT, &right_text);
        page.text_right(g.right, g.top + 8.0, Face::Regular, SMALL, MUTED, &period);
        page.hline(g.left, g.right, g.top + 10.5, 0.5, RULE);
        self.y = g.top + 14.0;
    }

    // ----- the line table -----

    fn header_cells(&self) -> Vec<Vec<String>> {
        let l = self.l;
        let names = [l.col_description, l.col_quantity, l.col_unit, l.col_unit_price, l.col_vat, l.col_amount];
        // A label may name its preferred line break with `\n`.
        names
            .iter()
            .zip(self.cols)
            .map(|(name, col)| {
                name.split('\n').flat_map(|part| wrap(part, Face::Bold, 7.2, col.inner_w(), 2)).take(2).collect()
            })
            .collect()
    }

    fn table_header(&mut self) {
        let cells = self.header_cells();
        let rows = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
        let h = 2.4 + rows * leading(7.2) + 1.2;
        let (top, g, cols) = (self.y, self.g, self.cols);
        let page = self.page();
        page.rect(g.left, top, g.width(), h, ACCENT);
        for (lines, col) in cells.iter().zip(cols) {
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + 2.4 + ascent(7.2) + i as f32 * leading(7.2);
                if col.numeric {
                    page.text_right(col.inner_right(), baseline, Face::Bold, 7.2, WHITE, line);
                } else {
                    page.text(col.inner_left(), baseline, Face::Bold, 7.2, WHITE, line);
                }
            }
        }
        self.y = top + h;
    }

    fn table(&mut self) {
        self.ensure(40.0, false);
        self.table_header();
        if self.doc.groups.iter().all(|grp| grp.lines.is_empty()) {
            let (x, y) = (self.cols[0].inner_left(), self.y + 3.0 + ascent(BODY));
            let text = self.l.no_lines;
            self.page().text(x, y, Face::Regular, BODY, MUTED, text);
            self.y += 3.0 + leading(BODY) + 3.0;
            return;
        }
        for group in &self.doc.groups {
            self.group(group);
        }
    }

    fn group(&mut self, group: &LineGroup) {
        let rows: Vec<(RowText, f32)> = group
            .lines
            .iter()
            .map(|line| {
                let text = self.row_text(line);
                let h = row_height(&text);
                (text, h)
            })
            .collect();
        self.ensure(GROUP_HEADER_H + rows.first().map_or(0.0, |(_, h)| *h), true);
        self.group_header(group, false);
        let count = rows.len();
        for (i, (line, (text, h))) in group.lines.iter().zip(&rows).enumerate() {
            // The last line keeps its subtotal company.
            let needed = if i + 1 == count { h + SUBTOTAL_H } else { *h };
            if self.ensure(needed, true) {
                self.group_header(group, true);
            }
            self.line(line, text, *h);
        }
        if self.ensure(SUBTOTAL_H, true) {
            self.group_header(group, true);
        }
        self.subtotal(group);
    }

    fn group_header(&mut self, group: &LineGroup, continued: bool) {
        let (g, top) = (self.g, self.y);
        let title = if continued { format!("{} {}", group.title, self.l.continued) } else { group.title.clone() };
        let page = self.page();
        page.rect(g.left, top + 1.0, g.width(), GROUP_HEADER_H - 1.0, GROUP_BAND);
        page.text(g.left + PAD, top + 4.8, Face::Bold, 8.6, INK, &fit(&title, Face::Bold, 8.6, g.width() - 2.0 * PAD));
        let subtitle = fit(&group.subtitle, Face::Regular, SMALL, g.width() - 2.0 * PAD);
        page.text(g.left + PAD, top + 8.3, Face::Regular, SMALL, MUTED, &subtitle);
        self.y = top + GROUP_HEADER_H;
    }

    fn row_text(&self, line: &InvoiceLine) -> RowText {
        let w = self.cols[0].inner_w();
        let detail = match line.detail.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => wrap(d, Face::Regular, SMALL, w, DETAIL_LINES),
            None => Vec::new(),
        };
        RowText {
            description: wrap(&line.description, Face::Regular, BODY, w, DESCRIPTION_LINES),
            detail,
            unit: wrap(&line.unit, Face::Regular, BODY, self.cols[2].inner_w(), 2),
        }
    }

    fn line(&mut self, line: &InvoiceLine, text: &RowText, h: f32) {
        let (top, g, cols, lang, currency) = (self.y, self.g, self.cols, self.doc.lang, self.doc.currency.clone());
        let figures = [
            (cols[1], fmt::quantity(line.quantity, lang)),
            (cols[3], fmt::unit_price(line.unit_price, &currency, lang)),
            (cols[4], fmt::percent(line.tax_rate, lang)),
            (cols[5], fmt::money(line.amount, &currency, lang)),
        ];
        let page = self.page();
        let first_baseline = top + ROW_PAD_TOP + ascent(BODY);
        let mut cursor = top + ROW_PAD_TOP;
        for part in &text.description {
            page.text(cols[0].inner_left(), cursor + ascent(BODY), Face::Regular, BODY, INK, part);
            cursor += leading(BODY);
        }
        for part in &text.detail {
            page.text(cols[0].inner_left(), cursor + ascent(SMALL), Face::Regular, SMALL, MUTED, part);
            cursor += leading(SMALL);
        }
        for (i, part) in text.unit.iter().enumerate() {
            page.text(cols[2].inner_left(), first_baseline + i as f32 * leading(BODY), Face::Regular, BODY, INK, part);
        }
        for (col, figure) in &figures {
            let size = size_to_fit(figure, Face::Regular, BODY, col.inner_w());
            page.text_right(col.inner_right(), first_baseline, Face::Regular, size, INK, figure);
        }
        page.hline(g.left, g.right, top + h, 0.25, RULE);
        self.y = top + h;
    }

    fn subtotal(&mut self, group: &LineGroup) {
        let (top, g, cols) = (self.y, self.g, self.cols);
        let amount = self.money(group.subtotal);
        let label_right = cols[4].inner_right();
        let label = fit(&format!("{} – {}", self.l.subtotal, group.title), Face::Bold, 8.0, label_right - g.left - 2.0);
        let page = self.page();
        page.hline(cols[5].x + PAD, g.right, top, 0.6, MUTED);
        let baseline = top + 1.6 + ascent(8.5);
        page.text_right(label_right, baseline, Face::Bold, 8.0, INK, &label);
        let size = size_to_fit(&amount, Face::Bold, 8.5, cols[5].inner_w());
        page.text_right(cols[5].inner_right(), baseline, Face::Bold, size, INK, &amount);
        self.y = top + SUBTOTAL_H;
    }

    // ----- totals, mentions, payment -----

    /// Under the table: the totals box on the right; on its left the tax mention, the exchange
    /// rate and (for an invoice) the payment terms. Kept together on one page.
    fn closing(&mut self) {
        let (g, doc, l, lang) = (self.g, self.doc, self.l, self.doc.lang);
        let box_w = 84.0;
        let box_x = g.right - box_w;
        let left_w = box_x - g.left - 9.0;

        let mut rows: Vec<(String, String)> = vec![(l.total_excl_tax.to_string(), self.money(doc.subtotal))];
        if doc.taxes.is_empty() {
            rows.push((l.vat.to_string(), self.money(doc.tax_total)));
        }
        for tax in &doc.taxes {
            let label = format!("{} {} {} {}", l.vat, fmt::percent(tax.rate, lang), l.on_base, self.money(tax.base));
            rows.push((label, self.money(tax.amount)));
        }
        let totals_h = rows.len() as f32 * TOTAL_ROW_H + 1.5 + TOTAL_BAND_H;

        // Left column, as (text, face, size, colour, space before).
        let mut left: Vec<(String, Face, f32, Rgb, f32)> = Vec::new();
        if let Some(text) = labels::tax_mention(doc.tax_mention, lang) {
            for line in wrap(text, Face::Bold, 8.0, left_w, 6) {
                left.push((line, Face::Bold, 8.0, INK, 0.0));
            }
        }
        // The e-invoicing reform's VAT-on-debits option (the nature of the operations is in the dates row).
        let mut reform: Vec<String> = Vec::new();
        if doc.vat_on_debits {
            reform.push(l.vat_on_debits.to_string());
        }
        for (i, text) in reform.iter().enumerate() {
            let gap = if i == 0 && !left.is_empty() { 1.5 } else { 0.0 };
            for (j, line) in wrap(text, Face::Regular, 8.0, left_w, 2).into_iter().enumerate() {
                left.push((line, Face::Regular, 8.0, INK, if j == 0 { gap } else { 0.0 }));
            }
        }
        if let Some(x) = &doc.exchange {
            let text =
                labels::exchange_note(lang, &fmt::month(&x.month, lang), &x.from, &x.to, &fmt::rate(x.rate, lang));
            let gap = if left.is_empty() { 0.0 } else { 1.5 };
            for (i, line) in wrap(&text, Face::Regular, 8.0, left_w, 3).into_iter().enumerate() {
                left.push((line, Face::Regular, 8.0, INK, if i == 0 { gap } else { 0.0 }));
            }
        }
        if doc.kind == DocumentKind::CreditNote && doc.payment.refund_due {
            let gap = if left.is_empty() { 0.0 } else { 2.0 };
            for (i, line) in wrap(l.refund_due, Face::Bold, 8.0, left_w, 3).into_iter().enumerate() {
                left.push((line, Face::Bold, 8.0, ACCENT, if i == 0 { gap } else { 0.0 }));
            }
        }
        if doc.kind == DocumentKind::Invoice {
            let gap = if left.is_empty() { 0.0 } else { 4.0 };
            left.push((l.payment_title.to_string(), Face::Bold, 9.0, ACCENT, gap));
            for (i, line) in self.payment_lines().iter().enumerate() {
                for (j, part) in wrap(line, Face::Regular, 7.6, left_w, 4).into_iter().enumerate() {
                    let before = if i == 0 && j == 0 {
                        0.8
                    } else if j == 0 {
                        0.5
                    } else {
                        0.0
                    };
                    left.push((part, Face::Regular, 7.6, INK, before));
                }
            }
        }
        let left_h: f32 = left.iter().map(|(_, _, size, _, before)| before + leading(*size)).sum();

        self.ensure(totals_h.max(left_h) + 6.0, false);
        let top = self.y + 5.0;

        let mut y = top;
        for (text, face, size, color, before) in &left {
            y += before;
            self.page().text(g.left, y + ascent(*size), *face, *size, *color, text);
            y += leading(*size);
        }
        let left_bottom = y;

        let mut y = top;
        for (label, amount) in &rows {
            let baseline = y + 1.2 + ascent(BODY);
            let amount_size = size_to_fit(amount, Face::Regular, BODY, 32.0);
            let amount_w = Face::Regular.width_mm(amount, amount_size);
            let label = fit(label, Face::Regular, BODY, box_w - amount_w - 9.0);
            let page = self.page();
            page.text(box_x + 3.0, baseline, Face::Regular, BODY, INK, &label);
            page.text_right(g.right - 3.0, baseline, Face::Regular, amount_size, INK, amount);
            page.hline(box_x, g.right, y + TOTAL_ROW_H, 0.25, RULE);
            y += TOTAL_ROW_H;
        }
        y += 1.5;
        let total = self.money(doc.total);
        let page = self.page();
        page.rect(box_x, y, box_w, TOTAL_BAND_H, ACCENT);
        page.text(box_x + 3.0, y + 6.1, Face::Bold, 10.0, WHITE, l.total_incl_tax);
        let size = size_to_fit(&total, Face::Bold, 11.0, box_w - 36.0);
        page.text_right(g.right - 3.0, y + 6.2, Face::Bold, size, WHITE, &total);
        self.y = (y + TOTAL_BAND_H).max(left_bottom) + 6.0;
    }

    /// Due date and terms, bank details, late-payment interest, the €40 indemnity (B2B) and the
    /// early-payment discount: the payment mentions of Code de commerce L441-9.
    fn payment_lines(&self) -> Vec<String> {
        let (doc, l, lang) = (self.doc, self.l, self.doc.lang);
        let p = &doc.payment;
        let mut lines: Vec<String> = Vec::new();
        let terms = labels::terms(lang, p.terms_days);
        lines.push(match p.due_date {
            Some(d) => labels::field(lang, l.due_date, &format!("{} – {terms}", fmt::date(d, lang))),
            None => labels::field(lang, l.due_date, &terms),
        });
        let bank: Vec<String> = [("IBAN", &p.iban), ("BIC", &p.bic)]
            .iter()
            .filter_map(|(name, value)| value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{name} {v}")))
            .collect();
        if !bank.is_empty() {
            lines.push(labels::field(lang, l.bank_details, &bank.join(" – ")));
        }
        let late = p.late_payment_rate.as_deref().filter(|r| !r.trim().is_empty()).unwrap_or(l.late_payment_default);
        lines.push(labels::field(lang, l.late_payment, late));
        if p.b2b_recovery_indemnity {
            lines.push(l.recovery_indemnity.to_string());
        }
        let discount =
            p.early_payment_discount.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(l.early_discount_none);
        lines.push(labels::field(lang, l.early_discount, discount));
        lines
    }

    // ----- on every page -----

    fn finish_pages(&mut self) {
        let (g, doc, l) = (self.g, self.doc, self.l);
        let total = self.pages.len();
        let legal = legal_identity(doc, l);
        let number_w = Face::Bold.width_mm(&format!("{} {total} / {total}", l.page), 7.5) + 6.0;
        let legal_lines = wrap(&legal, Face::Regular, 6.8, g.width() - number_w, 3);
        let draft = doc.number.is_none().then(|| watermark(&g, l.draft));
        for (i, page) in self.pages.iter_mut().enumerate() {
            if let Some(mark) = &draft {
                // Under everything else, so the page stays readable.
                page.marks.insert(0, mark.clone());
            }
            let rule_y = g.h - 18.5;
            page.hline(g.left, g.right, rule_y, 0.5, RULE);
            for (n, text) in legal_lines.iter().enumerate() {
                page.text(g.left, rule_y + 4.0 + n as f32 * leading(6.8), Face::Regular, 6.8, MUTED, text);
            }
            let number = format!("{} {} / {total}", l.page, i + 1);
            page.text_right(g.right, rule_y + 4.0, Face::Bold, 7.5, INK, &number);
        }
    }
}

const GROUP_HEADER_H: f32 = 10.0;
const SUBTOTAL_H: f32 = 7.5;
const ROW_PAD_TOP: f32 = 1.2;
const ROW_PAD_BOTTOM: f32 = 0.9;
const TOTAL_ROW_H: f32 = 5.4;
const TOTAL_BAND_H: f32 = 9.0;

/// `prestations de services` → `Prestations de services`.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn row_height(text: &RowText) -> f32 {
    let left = text.description.len() as f32 * leading(BODY) + text.detail.len() as f32 * leading(SMALL);
    let unit = text.unit.len() as f32 * leading(BODY);
    ROW_PAD_TOP + left.max(unit) + ROW_PAD_BOTTOM
}

/// The largest size up to `size` (down to 6 pt) at which `text` fits `max_w`: figures are never cut.
fn size_to_fit(text: &str, face: Face, size: f32, max_w: f32) -> f32 {
    let w = face.width_mm(text, size);
    if w <= max_w {
        size
    } else {
        (size * max_w / w).max(6.0)
    }
}

/// `Contoso SAS au capital de 50 000 € – 1 rue … – SIREN … – SIRET … – RCS … – N° TVA …`
fn legal_identity(doc: &InvoiceDocument, l: &Labels) -> String {
    let issuer = &doc.issuer;
    let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let mut head = issuer.name.clone();
    if let Some(form) = nonempty(&issuer.legal_form) {
        head = format!("{head} – {form}");
    }
    if let Some(capital) = nonempty(&issuer.share_capital) {
        head = format!("{head} {} {capital}", l.capital);
    }
    let mut parts = vec![head];
    let mut address: Vec<&str> = issuer.address_lines.iter().map(String::as_str).collect();
    if !issuer.country_name.is_empty() {
        address.push(&issuer.country_name);
    }
    if !address.is_empty() {
        parts.push(address.join(", "));
    }
    let ids = [("SIREN", &issuer.siren), (l.siret, &issuer.siret), (l.rcs, &issuer.rcs), (l.vat_id, &issuer.vat_id)];
    for (name, value) in ids {
        if let Some(v) = nonempty(value) {
            // "RCS Paris 303 265 045" is entered whole: the label is not printed twice.
            if v.to_lowercase().starts_with(&name.to_lowercase()) {
                parts.push(v);
            } else {
                parts.push(format!("{name} {v}"));
            }
        }
    }
    parts.join(" – ")
}

/// A large pale diagonal word across the middle of the page.
fn watermark(g: &Geo, word: &str) -> Mark {
    let size = 96.0;
    let angle: f32 = 35.0;
    let (sin, cos) = angle.to_radians().sin_cos();
    let w = Face::Bold.width_mm(word, size);
    let half_cap = ascent(size) * 0.42;
    // Centre the word on the page: step back half its length along the baseline and half its
    // height across it (y grows downwards here, upwards in PDF, hence the signs).
    let (cx, cy) = (g.w / 2.0, g.h / 2.0);
    let x = cx - w / 2.0 * cos + half_cap * sin;
    let y = cy + w / 2.0 * sin + half_cap * cos;
    Mark::Text { x, y, size, face: Face::Bold, color: WATERMARK, text: printable(Face::Bold, word), angle }
}
