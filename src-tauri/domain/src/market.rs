//! Markets: a partner sells to customers whose country is in its office's market.

use super::rules::{Rule, MARKET_MISMATCH, MARKET_OK};

/// `MARKET_OK` when both countries are in the same market, otherwise `MARKET_MISMATCH`.
pub fn check(partner_market: &str, customer_market: &str) -> Rule {
    if partner_market == customer_market {
        MARKET_OK
    } else {
        MARKET_MISMATCH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_market_sells_without_an_office_there() {
        assert_eq!(check("EUROPE", "EUROPE"), MARKET_OK);
        assert_eq!(check("EUROPE", "NORTH_AMERICA"), MARKET_MISMATCH);
    }
}
