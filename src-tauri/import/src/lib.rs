//! CSV readers: Partner Center's daily rated usage file and the price list.

pub mod bounded;
pub mod columns;
pub mod microsoft;
pub mod prices;
pub mod sample;
pub mod usage;

#[cfg(test)]
mod fuzz;
