//! The printable document of a stored invoice (`pdf::model::InvoiceDocument`), filled from the
//! invoice, Settings (`issuer.*`), the issuer partner and the customer (or reseller).
