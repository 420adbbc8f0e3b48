//! Specimen invoices for the PDF tests and the PDF benchmark: a French distributor billing its
//! customers for Azure usage, with names that need Latin Extended glyphs.
#![allow(dead_code)]

use chrono::NaiveDate;
use csp_core::pdf::model::{
    DocumentKind, ExchangeNote, InvoiceDocument, InvoiceLine, Lang, LineGroup, Operations, Paper, Party, PaymentInfo,
    TaxMention, TaxRow,
};
use rust_decimal::{Decimal, RoundingStrategy};

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn issuer() -> Party {
    Party {
        name: "Nuages Ingénierie Distribution".into(),
        legal_form: Some("SAS".into()),
        share_capital: Some("150 000 €".into()),
        address_lines: vec!["12 rue de l'Église".into(), "69002 Lyon".into()],
        delivery_lines: vec![],
        country_code: "FR".into(),
        country_name: "France".into(),
        vat_id: Some("FR32345678901".into()),
        siren: Some("345 678 901".into()),
        siret: Some("345 678 901 00027".into()),
        rcs: Some("Lyon B 345 678 901".into()),
        email: Some("facturation@nuages-ingenierie.fr".into()),
    }
}

pub fn customer() -> Party {
    Party {
        name: "Brasserie Łukasz & Søren Straße".into(),
        legal_form: None,
        share_capital: None,
        address_lines: vec!["Bâtiment B – 4 place Bellecour".into(), "69002 Lyon".into()],
        delivery_lines: vec![],
        country_code: "FR".into(),
        country_name: "France".into(),
        vat_id: Some("FR61552100554".into()),
        siren: Some("552 100 554".into()),
        siret: None,
        rcs: None,
        email: Some("compta@brasserie-lukasz.fr".into()),
    }
}

const METERS: [(&str, &str, &str, &str); 10] = [
    ("Virtual Machines Dsv5 Series – D4s v5 – Linux", "Virtual Machines · rg-prod-web", "1 Hour", "0.2140"),
    ("Standard SSD Managed Disks – E10 LRS Disk", "Storage · rg-prod-web", "1/Month", "9.6000"),
    ("Bandwidth – Standard Data Transfer Out – Zone 1", "Bandwidth", "1 GB", "0.0812"),
    ("SQL Database – General Purpose – Compute Gen5 – 2 vCore", "SQL Database · rg-données", "1 Hour", "0.5046"),
    ("Log Analytics – Pay-as-you-go Data Ingestion", "Log Analytics · rg-supervision", "1 GB", "2.6130"),
    ("Storage – Hot LRS – Data Stored", "Storage · rg-sauvegardes", "1 GB/Month", "0.019125"),
    ("Azure Cosmos DB – 100 RU/s – Multi-region Write", "Azure Cosmos DB · rg-données", "100 RU/s/Hour", "0.0107"),
    ("Key Vault – Standard Operations", "Key Vault", "10K", "0.0286"),
    ("Azure App Service – Premium v3 – P1 v3 App", "Azure App Service · rg-prod-web", "1 Hour", "0.1966"),
    ("Azure Monitor – Metrics Queries", "Azure Monitor", "1K", "0.0096"),
];

const SUBSCRIPTIONS: [&str; 6] =
    ["Production", "Préproduction", "Recette – équipe Øresund", "Données", "Sauvegardes", "Laboratoire"];

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An invoice with `lines` usage lines, six per subscription, 20 % French VAT.
pub fn invoice(lang: Lang, lines: usize) -> InvoiceDocument {
    let mut groups: Vec<LineGroup> = Vec::new();
    let mut seed: u64 = 42;
    for i in 0..lines {
        if i % 6 == 0 {
            let n = groups.len();
            groups.push(LineGroup {
                title: format!("{} – Plan Azure", SUBSCRIPTIONS[n % SUBSCRIPTIONS.len()]),
                subtitle: format!("3f2b9c1e-7a4d-4c2e-9b{:02}-5d6e7f8a9b0c · Azure plan", n),
                lines: Vec::new(),
                subtotal: Decimal::ZERO,
            });
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let (description, detail, unit, price) = METERS[i % METERS.len()];
        let quantity = Decimal::new(((seed >> 33) % 800_000) as i64 + 1000, 3);
        let unit_price = dec(price);
        let amount = round2(quantity * unit_price);
        let group = groups.last_mut().unwrap();
        group.lines.push(InvoiceLine {
            description: description.into(),
            detail: Some(detail.into()),
            quantity,
            unit: unit.into(),
            unit_price,
            tax_rate: dec("20"),
            amount,
        });
        group.subtotal += amount;
    }
    let subtotal: Decimal = groups.iter().map(|g| g.subtotal).sum();
    let tax = round2(subtotal * dec("0.20"));
    InvoiceDocument {
        kind: DocumentKind::Invoice,
        lang,
        paper: Paper::A4,
        number: Some("INV-2026-000142".into()),
        provisional: false,
        issue_date: Some(date(2026, 11, 2)),
        period_start: date(2026, 10, 1),
        period_end: date(2026, 10, 31),
        currency: "EUR".into(),
        issuer: issuer(),
        customer: customer(),
        groups,
        subtotal,
        taxes: vec![TaxRow { rate: dec("20"), base: subtotal, amount: tax }],
        tax_total: tax,
        total: subtotal + tax,
        tax_mention: TaxMention::None,
        exchange: None,
        payment: PaymentInfo {
            due_date: Some(date(2026, 12, 2)),
            terms_days: 30,
            iban: Some("FR76 3000 4000 0312 3456 7890 143".into()),
            bic: Some("BNPAFRPPXXX".into()),
            late_payment_rate: None,
            early_payment_discount: None,
            b2b_recovery_indemnity: true,
            refund_due: false,
        },
        credits_invoice: None,
        logo_png: Some(logo_png()),
        operations: Some(Operations::Services),
        vat_on_debits: false,
    }
}

/// One line of exactly 1 234,56 € excl. tax, for a German customer under reverse charge.
pub fn one_line(lang: Lang) -> InvoiceDocument {
    let amount = dec("1234.56");
    let mut doc = invoice(lang, 1);
    doc.customer = Party {
        name: "Großhändler Łódź Ørsted Éditions GmbH".into(),
        address_lines: vec!["Königstraße 27".into(), "70173 Stuttgart".into()],
        country_code: "DE".into(),
        country_name: if lang == Lang::Fr { "Allemagne" } else { "Germany" }.into(),
        vat_id: Some("DE811907980".into()),
        email: None,
        ..Party::default()
    };
    doc.groups[0].lines[0] = InvoiceLine {
        description: "Azure Cosmos DB – serverless – Requêtes".into(),
        detail: Some("Azure Cosmos DB · rg-Øresund".into()),
        quantity: dec("4938.24"),
        unit: "1M RU".into(),
        unit_price: dec("0.25"),
        tax_rate: Decimal::ZERO,
        amount,
    };
    doc.groups[0].subtotal = amount;
    doc.subtotal = amount;
    doc.taxes = vec![TaxRow { rate: Decimal::ZERO, base: amount, amount: Decimal::ZERO }];
    doc.tax_total = Decimal::ZERO;
    doc.total = amount;
    doc.tax_mention = TaxMention::ReverseChargeEu;
    doc
}

/// A US customer billed in US dollars converted from euros.
pub fn outside_eu(lang: Lang) -> InvoiceDocument {
    let mut doc = one_line(lang);
    doc.customer = Party {
        name: "Fjørd Analytics Inc.".into(),
        address_lines: vec!["500 Boylston Street".into(), "Boston, MA 02116".into()],
        country_code: "US".into(),
        country_name: if lang == Lang::Fr { "États-Unis" } else { "United States" }.into(),
        ..Party::default()
    };
    doc.currency = "USD".into();
    doc.tax_mention = TaxMention::OutsideEu;
    doc.exchange =
        Some(ExchangeNote { from: "EUR".into(), to: "USD".into(), rate: dec("1.0842"), month: "2026-10".into() });
    doc
}

/// The same lines, all in the first subscription.
pub fn single_group(mut doc: InvoiceDocument) -> InvoiceDocument {
    let mut groups = std::mem::take(&mut doc.groups).into_iter();
    let mut first = groups.next().expect("a group");
    for group in groups {
        first.lines.extend(group.lines);
        first.subtotal += group.subtotal;
    }
    doc.groups = vec![first];
    doc
}

pub fn credit_note(lang: Lang) -> InvoiceDocument {
    let mut doc = invoice(lang, 12);
    doc.kind = DocumentKind::CreditNote;
    doc.number = Some("CN-2026-000007".into());
    doc.credits_invoice = Some("INV-2026-000142".into());
    doc
}

pub fn draft(lang: Lang, lines: usize) -> InvoiceDocument {
    let mut doc = invoice(lang, lines);
    doc.number = None;
    doc.issue_date = None;
    doc.payment.due_date = None;
    doc
}

/// A small two-colour logo (a cloud-blue square and a bar), 240 × 96 pixels with transparency.
pub fn logo_png() -> Vec<u8> {
    let (w, h) = (240u32, 96u32);
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let in_square = (8..88).contains(&x) && (8..88).contains(&y);
            let dx = x as i32 - 48;
            let dy = y as i32 - 48;
            let in_circle = dx * dx + dy * dy < 26 * 26;
            let in_bar = (100..232).contains(&x) && ((30..44).contains(&y) || (54..64).contains(&y));
            let pixel = if in_square && in_circle {
                [255, 255, 255, 255]
            } else if in_square {
                [16, 70, 128, 255]
            } else if in_bar {
                [40, 44, 52, if (54..64).contains(&y) { 150 } else { 255 }]
            } else {
                [255, 255, 255, 0]
            };
            data.extend_from_slice(&pixel);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&data).unwrap();
    }
    out
}
