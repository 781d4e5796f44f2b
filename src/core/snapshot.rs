//! Deserializing the raw inputs from a plain-data snapshot of the JS arguments.
//!
//! The wasm layer first copies the documented properties of each argument into a fresh
//! plain object, reading them so that no throwing getter, Proxy or revoked Proxy can
//! throw past it. A value it cannot use is replaced by a marker object: `{"$wrongType":1}`
//! (an object, a function, a symbol, a BigInt where a primitive belongs) or
//! `{"$malformed":1}` (a getter that threw, a string with lone surrogates). The snapshot
//! is deserialized by serde into a [`Snap`] (serde-wasm-bindgen in the wasm build,
//! serde_json in the native tests), and read into the [`Raw`] inputs that `validate`
//! judges. One `Snap` type for every argument keeps a single copy of the deserializer
//! in the wasm.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::core::details::RawSessionDetails;
use crate::core::product::RawPaymentDetails;
use crate::core::validate::{Raw, RawLookup, RawOptions, RawPair, MAX_VALUES};

/// Marker key of a value of the wrong type.
pub const WRONG_TYPE: &str = "$wrongType";
/// Marker key of a value that could not be read or is not well-formed text.
pub const MALFORMED: &str = "$malformed";

/// A snapshot value.
#[derive(Debug, Clone, PartialEq)]
pub enum Snap {
    /// Absent, `undefined` or `null`.
    Missing,
    /// A wrong-type marker.
    WrongType,
    /// A malformed marker.
    Malformed,
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// An array (at most one entry past [`MAX_VALUES`] kept).
    List(Vec<Snap>),
    /// A plain object.
    Object(Vec<(String, Snap)>),
}

const MISSING: Snap = Snap::Missing;

impl Snap {
    /// Property `name` of an object; [`Snap::Missing`] otherwise.
    pub fn get(&self, name: &str) -> &Snap {
        match self {
            Snap::Object(props) => props
                .iter()
                .find(|(k, _)| k == name)
                .map_or(&MISSING, |(_, v)| v),
            _ => &MISSING,
        }
    }

    fn raw<T>(&self, pick: impl FnOnce(&Snap) -> Option<T>) -> Raw<T> {
        match self {
            Snap::Missing => Raw::Missing,
            Snap::Malformed => Raw::Malformed,
            other => pick(other).map_or(Raw::WrongType, Raw::Value),
        }
    }

    /// As text.
    pub fn text(&self) -> Raw<String> {
        self.raw(|s| match s {
            Snap::Text(t) => Some(t.clone()),
            _ => None,
        })
    }

    /// As a number.
    pub fn number(&self) -> Raw<f64> {
        self.raw(|s| match s {
            Snap::Number(n) => Some(*n),
            _ => None,
        })
    }

    /// As a boolean.
    pub fn boolean(&self) -> Raw<bool> {
        self.raw(|s| match s {
            Snap::Bool(b) => Some(*b),
            _ => None,
        })
    }

    /// As the `values` of a lookup: an array of `{key, value}` objects.
    pub fn pairs(&self) -> Raw<Vec<Raw<RawPair>>> {
        self.raw(|s| match s {
            Snap::List(items) => Some(
                items
                    .iter()
                    .map(|item| {
                        item.raw(|i| match i {
                            Snap::Object(_) => Some(RawPair::from(i)),
                            _ => None,
                        })
                    })
                    .collect(),
            ),
            _ => None,
        })
    }
}

// The property names of each argument: the wasm layer snapshots these, in this order
// (the order its getters run in), and the `From` impls below read them back.

/// The properties of `sessionDetails`, read into [`RawSessionDetails`].
pub const SESSION_DETAILS_NAMES: [&str; 4] =
    ["clientSessionId", "customerId", "clientApiUrl", "assetUrl"];

impl From<&Snap> for RawSessionDetails {
    fn from(s: &Snap) -> Self {
        let [client_session_id, customer_id, client_api_url, asset_url] = SESSION_DETAILS_NAMES;
        RawSessionDetails {
            client_session_id: s.get(client_session_id).text(),
            customer_id: s.get(customer_id).text(),
            client_api_url: s.get(client_api_url).text(),
            asset_url: s.get(asset_url).text(),
        }
    }
}

/// The properties of `paymentDetails`, read into [`RawPaymentDetails`].
pub const PAYMENT_DETAILS_NAMES: [&str; 5] = [
    "totalAmount",
    "countryCode",
    "currency",
    "locale",
    "isRecurring",
];

impl From<&Snap> for RawPaymentDetails {
    fn from(s: &Snap) -> Self {
        let [total_amount, country_code, currency, locale, is_recurring] = PAYMENT_DETAILS_NAMES;
        RawPaymentDetails {
            total_amount: s.get(total_amount).number(),
            country_code: s.get(country_code).text(),
            currency: s.get(currency).text(),
            locale: s.get(locale).text(),
            is_recurring: s.get(is_recurring).boolean(),
        }
    }
}

/// The properties of the `request` of `getCustomerDetails`, read into [`RawLookup`]
/// (`values` is an array, snapshotted entry by entry).
pub const LOOKUP_NAMES: [&str; 2] = ["countryCode", "values"];

impl From<&Snap> for RawLookup {
    fn from(s: &Snap) -> Self {
        let [country_code, values] = LOOKUP_NAMES;
        RawLookup {
            country_code: s.get(country_code).text(),
            values: s.get(values).pairs(),
        }
    }
}

/// The properties of each entry of a lookup's `values`, read into [`RawPair`].
pub const PAIR_NAMES: [&str; 2] = ["key", "value"];

impl From<&Snap> for RawPair {
    fn from(s: &Snap) -> Self {
        let [key, value] = PAIR_NAMES;
        RawPair {
            key: s.get(key).text(),
            value: s.get(value).text(),
        }
    }
}

/// The snapshotted properties of the constructor's `options`, read into [`RawOptions`].
pub const SESSION_OPTIONS_NAMES: [&str; 2] = ["timeoutMs", "cache"];
/// The snapshotted properties of `callOptions` (`signal` stays a JS value), read into
/// [`RawOptions`].
pub const CALL_OPTIONS_NAMES: [&str; 1] = [SESSION_OPTIONS_NAMES[0]];

impl From<&Snap> for RawOptions {
    fn from(s: &Snap) -> Self {
        let [timeout_ms, cache] = SESSION_OPTIONS_NAMES;
        RawOptions {
            timeout_ms: s.get(timeout_ms).number(),
            cache: s.get(cache).boolean(),
        }
    }
}

struct SnapVisitor;

impl<'de> Visitor<'de> for SnapVisitor {
    type Value = Snap;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot value")
    }
    fn visit_unit<E>(self) -> Result<Snap, E> {
        Ok(Snap::Missing)
    }
    fn visit_none<E>(self) -> Result<Snap, E> {
        Ok(Snap::Missing)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Snap, E> {
        Ok(Snap::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Snap, E> {
        Ok(Snap::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Snap, E> {
        Ok(Snap::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Snap, E> {
        Ok(Snap::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Snap, E> {
        Ok(Snap::Text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Snap, E> {
        Ok(Snap::Text(v))
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Snap, E> {
        Ok(Snap::WrongType)
    }
    fn visit_byte_buf<E>(self, _: Vec<u8>) -> Result<Snap, E> {
        Ok(Snap::WrongType)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Snap, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Snap>()? {
            // One past the limit is enough for the check to reject.
            if items.len() <= MAX_VALUES {
                items.push(item);
            }
        }
        Ok(Snap::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Snap, A::Error> {
        let mut props = Vec::new();
        let mut marker = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                WRONG_TYPE => {
                    marker = Some(Snap::WrongType);
                    map.next_value::<IgnoredAny>()?;
                }
                MALFORMED => {
                    marker = Some(Snap::Malformed);
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    let value = map.next_value::<Snap>()?;
                    props.push((key, value));
                }
            }
        }
        Ok(marker.unwrap_or(Snap::Object(props)))
    }
}

impl<'de> Deserialize<'de> for Snap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SnapVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn snap(v: Value) -> Snap {
        serde_json::from_value(v).expect("snapshot")
    }

    #[test]
    fn primitives_markers_and_absence() {
        let s = |v| snap(v).text();
        assert_eq!(s(json!("SE")), Raw::Value("SE".into()));
        assert_eq!(s(json!(null)), Raw::Missing);
        assert_eq!(s(json!(5)), Raw::WrongType);
        assert_eq!(s(json!(true)), Raw::WrongType);
        assert_eq!(s(json!([])), Raw::WrongType);
        assert_eq!(s(json!({})), Raw::WrongType);
        assert_eq!(s(json!({"$wrongType": 1})), Raw::WrongType);
        assert_eq!(s(json!({"$malformed": 1})), Raw::Malformed);
        let n = |v| snap(v).number();
        assert_eq!(n(json!(9000)), Raw::Value(9000.0));
        assert_eq!(n(json!(-1.5)), Raw::Value(-1.5));
        assert_eq!(n(json!("9000")), Raw::WrongType);
        let b = |v| snap(v).boolean();
        assert_eq!(b(json!(false)), Raw::Value(false));
        assert_eq!(b(json!(0)), Raw::WrongType);
    }

    #[test]
    fn whole_arguments() {
        let d = RawSessionDetails::from(&snap(json!({
            "clientSessionId": "s", "customerId": {"$malformed": 1}, "assetUrl": 5,
        })));
        assert_eq!(d.client_session_id, Raw::Value("s".into()));
        assert_eq!(d.customer_id, Raw::Malformed);
        assert_eq!(d.client_api_url, Raw::Missing);
        assert_eq!(d.asset_url, Raw::WrongType);
        let p = RawPaymentDetails::from(&snap(json!({"totalAmount": 1000, "isRecurring": "yes"})));
        assert_eq!(p.total_amount, Raw::Value(1000.0));
        assert_eq!(p.is_recurring, Raw::WrongType);
        let o = RawOptions::from(&snap(json!({"timeoutMs": 250, "cache": {"$wrongType": 1}})));
        assert_eq!((o.timeout_ms, o.cache), (Raw::Value(250.0), Raw::WrongType));
        let l = RawLookup::from(&snap(json!({
            "countryCode": "se",
            "values": [{"key": "zip", "value": "0150"}, null, {"$wrongType": 1}, {}, {"value": 1}],
        })));
        let Raw::Value(values) = l.values else {
            panic!("values")
        };
        let pair = |key, value| Raw::Value(RawPair { key, value });
        assert_eq!(
            values,
            vec![
                pair(Raw::Value("zip".into()), Raw::Value("0150".into())),
                Raw::Missing,
                Raw::WrongType,
                pair(Raw::Missing, Raw::Missing),
                pair(Raw::Missing, Raw::WrongType),
            ]
        );
        let long = RawLookup::from(&snap(json!({"values": vec![json!({}); MAX_VALUES + 5]})));
        assert!(matches!(long.values, Raw::Value(v) if v.len() == MAX_VALUES + 1));
        assert_eq!(
            RawLookup::from(&snap(json!({"values": "x"}))).values,
            Raw::WrongType
        );
        assert_eq!(
            RawLookup::from(&snap(json!({"values": {"$malformed": 1}}))).values,
            Raw::Malformed
        );
    }
}
