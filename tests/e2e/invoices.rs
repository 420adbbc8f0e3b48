//! A month billed in the real window: usage and prices prepared through `cspctl`, billing run from
//! the Invoices screen, one invoice issued (its number shown), the month's PDFs written to a folder.

use csp_acceptance::{App, Book};

const HEADER: &str =
    "CustomerId,CustomerName,CustomerDomainName,CustomerCountry,SubscriptionId,EntitlementDescription,\
UsageDate,MeterId,MeterName,MeterCategory,Unit,Quantity,UnitPrice,PricingCurrency,BillingCurrency,PCToBCExchangeRate,\
PartnerEarnedCreditPercentage,CreditType,Tags";

/// A direct partner with two customers' October usage, prices and a 10 % markup.
fn october_book() -> Book {
    let book = Book::new();
    let p = book.direct_partner("Contoso Cloud SAS");
    let mut usage = format!("\u{feff}{HEADER}");
    for (i, name) in ["Litware Logistique", "Northwind Traders"].iter().enumerate() {
        for (date, meter, cat, qty, price) in
            [("10/01/2026", "vm", "Virtual Machines", "10", "0.096"), ("10/02/2026", "st", "Storage", "3.5", "0.02")]
        {
            usage.push_str(&format!(
                "\r\naaaaaaaa-0000-4000-8000-{i:012},{name},c{i}.onmicrosoft.com,FR,bbbbbbbb-0000-4000-8000-{i:012},\
                 Azure plan,{date},{meter},Meter {meter},{cat},1 Hour,{qty},{price},EUR,EUR,1,0,Credit Not Applied,"
            ));
        }
    }
    usage.push_str("\r\n");
    let file = book.dir.path().join("usage.csv");
    std::fs::write(&file, usage).unwrap();
    book.ok(&["usage", "import", file.to_str().unwrap(), "--adopt"]);
    book.address_every_customer();
    let prices = book.dir.path().join("prices.csv");
    std::fs::write(
        &prices,
        "MeterId,MeterName,MeterCategory,Unit,Currency,ERP,EffectiveFrom,EffectiveTo,PecEligible\n\
         vm,D2s v5,Virtual Machines,1 Hour,EUR,0.096,2021-01-01,,yes\n\
         st,LRS,Storage,1 GB/Month,EUR,0.02,2021-01-01,,no\n",
    )
    .unwrap();
    book.ok(&["price", "import", prices.to_str().unwrap()]);
    book.ok(&["markup", "set", "--issuer", &p, "--default", "--percent", "10"]);
    book
}

#[tokio::test]
async fn billing_run_from_the_window_then_issue_shows_the_number_and_the_pdfs_are_written() {
    let app = App::start_with(october_book()).await;
    app.wait_text("[data-testid=page-title]", "Dashboard").await;
    // Viewed on 5 November 2026: October is the last month closed.
    crate::view_as_of(&app, "2026-11-05").await;
    app.click("[data-testid=nav-invoices]").await;
    // The month proposed is the last closed one.
    app.wait_attr("[data-testid=invoices-month]", "value", "2026-10").await;
    app.wait_text("[data-testid=invoices-empty]", "No invoices for October 2026").await;
    app.click("[data-testid=billing-run]").await;
    app.wait_text("[data-testid=billing-notice]", "2 draft invoices for October 2026").await;
    app.wait_text("[data-testid=invoices-table]", "Litware Logistique").await;

    app.click("[data-testid=invoice-row] td").await;
    app.wait_attr("[data-testid=invoice-status]", "data-status", "draft").await;
    // 10 × 0.096 × 1.10 = 1.056 → 1.06; 3.5 × 0.02 × 1.10 = 0.077 → 0.08; VAT 20 % of 1.14 = 0.23.
    app.wait_text("[data-testid=invoice-total]", "€1.37").await;
    app.click("[data-testid=invoice-issue]").await;
    // A real book issues on the computer's date by default, not on the date it is read "as of".
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(app.value("[data-testid=invoice-action-on]").await, today, "issued on the computer's date by default");
    app.click("[data-testid=invoice-action-confirm]").await;
    app.wait_attr("[data-testid=invoice-status]", "data-status", "issued").await;
    app.wait_text("[data-testid=invoice-number]", "INV-2026-000001").await;
    app.wait_text("[data-testid=invoice-notice]", "Issued as INV-2026-000001").await;
    // The platform took it: the status is recorded on the date the platform gave.
    app.wait_text("[data-testid=invoice-platform-status]", "Not reported").await;
    app.click("[data-testid=invoice-platform]").await;
    app.click("[data-testid=platform-confirm]").await;
    app.wait_text("[data-testid=invoice-platform-status]", "Deposited").await;

    // Back to the month: the number is in the list; the month's PDFs go to a folder typed in.
    app.click("[data-testid=invoice-back]").await;
    app.wait_text("[data-testid=invoices-table]", "INV-2026-000001").await;
    app.click("[data-testid=invoices-export]").await;
    let out = app.book.dir.path().join("pdf out");
    app.type_into("[data-testid=export-dir]", out.to_str().unwrap()).await;
    app.click("[data-testid=export-run]").await;
    app.wait_text("[data-testid=export-done]", "2 files written").await;
    app.wait_text("[data-testid=export-files]", "INV-2026-000001.pdf").await;

    let pdf = out.join("INV-2026-000001.pdf");
    assert!(pdf.exists(), "{} was not written", pdf.display());
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("INV-2026-000001"), "the PDF shows its number: {text}");
    let attached = std::process::Command::new("pdfdetach").arg("-list").arg(&pdf).output().expect("pdfdetach");
    assert!(String::from_utf8_lossy(&attached.stdout).contains("factur-x.xml"), "the window exports Factur-X");
    let files = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(files, 2, "the issued invoice and the other draft");

    // The book holds it.
    let list = app.book.ok(&["invoice", "list", "--month", "2026-10", "--status", "issued"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    app.close().await;
}
