//! Invoice and credit-note PDFs. `model` is what billing fills and the renderer draws.

pub mod model;
