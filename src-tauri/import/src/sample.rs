//! Generates Partner Center daily rated usage files, as Partner Center writes them (quoted JSON
//! cells, CRLF, optional BOM): fixtures for the tests, the demo and the benchmarks.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use super::columns::{LAYOUT_2021, LAYOUT_CURRENT};

/// The values of one usage row; the other columns get plausible constants.
#[derive(Debug, Clone)]
pub struct SampleRow {
    pub customer_id: String,
    pub customer_name: String,
    pub customer_domain: String,
    pub customer_country: String,
    pub subscription_id: String,
    pub subscription_name: String,
    pub usage_date: NaiveDate,
    pub meter_id: String,
    pub meter_name: String,
    pub meter_category: String,
    pub unit: String,
    pub resource_group: String,
    pub quantity: String,
    pub unit_price: String,
    pub pricing_currency: String,
    pub billing_currency: String,
    pub pc_to_bc_rate: String,
    pub pec_percentage: String,
    pub credit_type: String,
    /// The current layout's added columns (empty by default, as in a direct partner's file).
    pub tier2_mpn_id: String,
    pub benefit_order_id: String,
    pub benefit_id: String,
    pub benefit_type: String,
    /// Microsoft's invoice that billed the row; empty: an unbilled row.
    pub invoice_number: String,
    /// The billing period's last day (default: the last day of the usage's month).
    pub charge_end: Option<NaiveDate>,
    /// Microsoft's pre-tax amount of the row (empty by default).
    pub billing_pre_tax_total: String,
}

impl SampleRow {
    /// A virtual-machine hour in EUR on 2026-10-15 for this tenant and subscription.
    pub fn new(customer_id: &str, subscription_id: &str) -> Self {
        Self {
            customer_id: customer_id.to_string(),
            customer_name: "Contoso SA".to_string(),
            customer_domain: "contoso.onmicrosoft.com".to_string(),
            customer_country: "FR".to_string(),
            subscription_id: subscription_id.to_string(),
            subscription_name: "Azure plan".to_string(),
            usage_date: NaiveDate::from_ymd_opt(2026, 10, 15).expect("valid date"),
            meter_id: "0e59ad56-03c1-4a4b-8d66-f5bb1e2e2e4a".to_string(),
            meter_name: "D2s v5".to_string(),
            meter_category: "Virtual Machines".to_string(),
            unit: "1 Hour".to_string(),
            resource_group: "rg-prod".to_string(),
            quantity: "24".to_string(),
            unit_price: "0.096".to_string(),
            pricing_currency: "EUR".to_string(),
            billing_currency: "EUR".to_string(),
            pc_to_bc_rate: "1".to_string(),
            pec_percentage: "0".to_string(),
            credit_type: "Credit Not Applied".to_string(),
            tier2_mpn_id: String::new(),
            benefit_order_id: String::new(),
            benefit_id: String::new(),
            benefit_type: String::new(),
            invoice_number: "G002297372".to_string(),
            charge_end: None,
            billing_pre_tax_total: String::new(),
        }
    }

    pub fn on(mut self, d: NaiveDate) -> Self {
        self.usage_date = d;
        self
    }

    pub fn meter(mut self, id: &str, name: &str, category: &str) -> Self {
        self.meter_id = id.to_string();
        self.meter_name = name.to_string();
        self.meter_category = category.to_string();
        self
    }

    pub fn qty(mut self, quantity: &str, unit_price: &str) -> Self {
        self.quantity = quantity.to_string();
        self.unit_price = unit_price.to_string();
        self
    }

    /// The row as the unbilled file of a period still open writes it (no `InvoiceNumber`).
    pub fn unbilled(mut self) -> Self {
        self.invoice_number.clear();
        self
    }

    /// Microsoft's pre-tax amount for the row.
    pub fn pre_tax(mut self, amount: &str) -> Self {
        self.billing_pre_tax_total = amount.to_string();
        self
    }

    /// The row as billed by Microsoft's invoice `number`.
    pub fn billed(mut self, number: &str) -> Self {
        self.invoice_number = number.to_string();
        self
    }

    pub fn pec(mut self, applied: bool) -> Self {
        self.pec_percentage = if applied { "15" } else { "0" }.to_string();
        self.credit_type = if applied { "Partner Earned Credit Applied" } else { "Credit Not Applied" }.to_string();
        self
    }

    fn value(&self, column: &str, iso_dates: bool) -> String {
        let date = |d: NaiveDate| if iso_dates { d.to_string() } else { d.format("%m/%d/%Y").to_string() };
        match column {
            "PartnerId" => "0e195b37-4574-4539-bc42-0e539b9684c0".into(),
            "PartnerName" => "Fabrikam, Inc.".into(),
            "CustomerId" => self.customer_id.clone(),
            "CustomerName" => self.customer_name.clone(),
            "CustomerDomainName" => self.customer_domain.clone(),
            "CustomerCountry" => self.customer_country.clone(),
            "MpnId" => "1234567".into(),
            "Tier2MpnId" => self.tier2_mpn_id.clone(),
            "InvoiceNumber" => self.invoice_number.clone(),
            "ProductId" => "DZH318Z0BQPS".into(),
            "SkuId" => "00TG".into(),
            "AvailabilityId" => "DZH318Z09V6F".into(),
            "SkuName" => self.meter_name.clone(),
            "ProductName" => self.meter_category.clone(),
            "PublisherName" => "Microsoft".into(),
            "PublisherId" => String::new(),
            "SubscriptionDescription" => "Azure plan".into(),
            "SubscriptionId" => self.subscription_id.clone(),
            "ChargeStartDate" => date(self.usage_date.with_day0(0).unwrap_or(self.usage_date)),
            // The billing period: the calendar month of the usage.
            "ChargeEndDate" => date(self.charge_end.unwrap_or_else(|| last_day_of_month(self.usage_date))),
            "UsageDate" => date(self.usage_date),
            "MeterType" => "1 Compute Hour".into(),
            "MeterCategory" => self.meter_category.clone(),
            "MeterId" => self.meter_id.clone(),
            "MeterSubCategory" => "Dsv5 Series".into(),
            "MeterName" => self.meter_name.clone(),
            "MeterRegion" => "FR Central".into(),
            "Unit" => self.unit.clone(),
            "ResourceLocation" => "francecentral".into(),
            "ConsumedService" => "Microsoft.Compute".into(),
            "ResourceGroup" => self.resource_group.clone(),
            "ResourceURI" => format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/virtualMachines/vm-web-01",
                self.subscription_id, self.resource_group
            ),
            "ChargeType" => "new".into(),
            "UnitPrice" => self.unit_price.clone(),
            "Quantity" => self.quantity.clone(),
            "UnitType" => "1 Hour".into(),
            "BillingPreTaxTotal" => self.billing_pre_tax_total.clone(),
            "BillingCurrency" => self.billing_currency.clone(),
            "PricingPreTaxTotal" => String::new(),
            "PricingCurrency" => self.pricing_currency.clone(),
            "ServiceInfo1" => String::new(),
            "ServiceInfo2" => String::new(),
            "Tags" => r#"{"env":"prod","owner":"ops, paris"}"#.into(),
            "AdditionalInfo" => {
                r#"{"ImageType":"Canonical","ServiceType":"Standard_D2s_v5","VMName":"vm-web-01"}"#.into()
            }
            "EffectiveUnitPrice" => self.unit_price.clone(),
            "PCToBCExchangeRate" => self.pc_to_bc_rate.clone(),
            "PCToBCExchangeRateDate" => date(self.usage_date.with_day0(0).unwrap_or(self.usage_date)),
            "EntitlementId" => self.subscription_id.clone(),
            "EntitlementDescription" => self.subscription_name.clone(),
            "PartnerEarnedCreditPercentage" => self.pec_percentage.clone(),
            "CreditPercentage" => "0".into(),
            "CreditType" => self.credit_type.clone(),
            "BenefitOrderId" => self.benefit_order_id.clone(),
            "BenefitId" => self.benefit_id.clone(),
            "BenefitType" => self.benefit_type.clone(),
            _ => String::new(),
        }
    }
}

/// A usage file being written.
pub struct UsageCsv<W: Write = Vec<u8>> {
    columns: Vec<&'static str>,
    writer: csv::Writer<W>,
    iso_dates: bool,
}

impl UsageCsv<Vec<u8>> {
    /// The 2021 layout (51 columns), BOM and CRLF as Partner Center exports it.
    pub fn layout_2021() -> Self {
        Self::to_writer(Vec::new(), &LAYOUT_2021, true)
    }

    /// The current layout (55 columns), BOM and CRLF.
    pub fn current() -> Self {
        Self::to_writer(Vec::new(), &LAYOUT_CURRENT, true)
    }

    /// Only these columns, in this order (LF line ends, no BOM).
    pub fn with_columns(columns: &[&'static str]) -> Self {
        let mut me = Self::to_writer(Vec::new(), columns, false);
        me.iso_dates = true;
        me
    }

    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

impl<W: Write> UsageCsv<W> {
    /// Writes the header row to `out`; rows follow with [`UsageCsv::row`].
    pub fn to_writer(mut out: W, columns: &[&'static str], bom_crlf: bool) -> Self {
        if bom_crlf {
            let _ = out.write_all(b"\xEF\xBB\xBF");
        }
        let terminator = if bom_crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut writer = csv::WriterBuilder::new().terminator(terminator).from_writer(out);
        let _ = writer.write_record(columns);
        Self { columns: columns.to_vec(), writer, iso_dates: false }
    }

    /// Dates as ISO `YYYY-MM-DD` instead of Partner Center's `MM/DD/YYYY`.
    pub fn iso_dates(mut self) -> Self {
        self.iso_dates = true;
        self
    }

    pub fn row(mut self, row: &SampleRow) -> Self {
        self.push(row);
        self
    }

    pub fn push(&mut self, row: &SampleRow) {
        let iso = self.iso_dates;
        let _ = self.writer.write_record(self.columns.iter().map(|c| row.value(c, iso)));
    }

    pub fn flush(mut self) -> std::io::Result<W> {
        self.writer.flush()?;
        self.writer.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    let first = d.with_day0(0).unwrap_or(d);
    first.checked_add_months(chrono::Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(d)
}
