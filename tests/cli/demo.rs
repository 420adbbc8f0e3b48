use csp_acceptance::Book;

#[test]
fn demo_seed_builds_a_book_that_tells_the_phase1_story() {
    let book = Book::new();
    let summary = book.ok(&["demo", "seed"]);
    assert_eq!(summary["as_of"], "2022-03-15");
    let customers = book.ok(&["customer", "list"]);
    let names: Vec<&str> = customers.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Straße & Söhne GmbH") && names.contains(&"Łódź Logistics Sp. z o.o."), "{names:?}");
    let office =
        book.ok(&["partner", "list"]).as_array().unwrap().iter().find(|p| p["operating"] == true).cloned().unwrap();
    let strasse = customers.as_array().unwrap().iter().find(|c| c["name"] == "Straße & Söhne GmbH").unwrap();
    // A customer won after 21 July 2021 cannot get the previous offer.
    let check = book.ok(&[
        "offer",
        "check",
        "--partner",
        office["id"].as_str().unwrap(),
        "--customer",
        strasse["id"].as_str().unwrap(),
        "--offer",
        "MS-AZR-0145P",
        "--on",
        "2022-03-15",
    ]);
    assert_eq!(check["allowed"], false);
    assert_eq!(check["rule"], "LEGACY_NEW_CUSTOMER");
    // The completed transfer converted Łódź's legacy subscription.
    let transfers = book.ok(&["transfer", "list"]);
    assert!(transfers.as_array().unwrap().iter().any(|t| t["outcomes"]
        .as_array()
        .is_some_and(|o| o.iter().any(|o| o["rule"] == "TRANSFER_CONVERT_TO_AZURE_PLAN"))));
}

#[test]
fn demo_goes_into_an_empty_book_and_only_a_demo_book_is_reset() {
    let book = Book::new();
    book.direct_partner("Real Partner SAS");
    assert_eq!(book.run(&["demo", "seed"]).error_code(), "CONFLICT");
    assert_eq!(book.run(&["demo", "reset"]).error_code(), "CONFLICT");
    assert_eq!(book.ok(&["partner", "list"]).as_array().unwrap().len(), 1, "the real book is untouched");

    let demo = Book::new();
    demo.ok(&["demo", "seed", "--as-of", "2021-07-21"]);
    demo.direct_partner("Added during the demo");
    let again = demo.ok(&["demo", "reset"]);
    assert_eq!(again["partners"], 5);
    let partners = demo.ok(&["partner", "list"]);
    assert_eq!(partners.as_array().unwrap().len(), 5, "the demo starts over");
}

#[test]
fn the_demo_months_export_one_pdf_per_invoice_even_with_several_issuers() {
    let book = Book::new();
    book.ok(&["demo", "seed"]);
    let january = book.ok(&["invoice", "list", "--month", "2022-01"]);
    let count = january.as_array().unwrap().len();
    assert!(count >= 5, "{january}");
    let out = book.dir.path().join("pdf");
    let files = book.ok(&["invoice", "export", "--month", "2022-01", "--out", out.to_str().unwrap()]);
    let files: Vec<String> =
        files["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
    assert_eq!(files.len(), count);
    let distinct: std::collections::BTreeSet<_> = files.iter().collect();
    assert_eq!(distinct.len(), count, "issuers share numbers, not files: {files:?}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), count);
    assert!(files.iter().any(|f| f.ends_with("/INV-2022-000004.pdf")), "the office's invoices keep plain names");
}
