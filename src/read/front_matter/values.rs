//! The front matter's values, read by visitors that check them inside the YAML reader,
//! where it still knows each value's place: an error raised here carries the value's own
//! line and column.

use std::fmt;

use serde::de::{self, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::model::{Paper, check_font_size, parse_color, parse_lang, parse_paper};

/// A value read by one of the visitors below, as a type `next_value` can ask for.
macro_rules! value_type {
    ($(#[$doc:meta])* $name:ident: $t:ty = $visitor:expr) => {
        $(#[$doc])*
        pub(super) struct $name(pub Option<$t>);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any($visitor).map($name)
            }
        }
    };
}

value_type!(
    /// Text; phone numbers and years are often written unquoted, and YAML then reads a
    /// number.
    Text: String = Scalar(|v| Ok(v.to_string()))
);
value_type!(PaperValue: Paper = Scalar(parse_paper));
value_type!(
    /// As `#rrggbb`.
    Accent: String = Scalar(parse_color)
);
value_type!(Lang: String = Scalar(parse_lang));
value_type!(FontSize: f64 = Number(|n| check_font_size(n).map(Some)));
value_type!(
    Pages: u32 = Number(|n| {
        if (1.0..=1e6).contains(&n) && n.fract() == 0.0 {
            Ok(Some(n as u32))
        } else {
            Err("must be a whole number of pages, at least 1".into())
        }
    })
);
value_type!(
    /// A person's name as tools write it: text, a mapping of its parts (`{first: Ada,
    /// last: Lovelace}`, Quarto's `{name: …}`), or a list whose first item is one.
    Name: String = NameVisitor
);
value_type!(
    /// Keywords as a list, or as one string of comma- or semicolon-separated words
    /// (pandoc allows both).
    Keywords: Vec<String> = KeywordsVisitor
);

/// Text, or a number or yes/no read as text, then parsed by its function inside the
/// visitor, where the YAML reader still knows the value's place. Anything else is refused
/// by name, so the message says what was found (serde's path then adds which key).
struct Scalar<T>(fn(&str) -> Result<T, String>);

impl<'de, T> Visitor<'de> for Scalar<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text (quote it if it has a `: ` or starts with a special character)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        (self.0)(v).map(Some).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        refuse_tag(data)
    }
}

/// A number, checked by its function inside the visitor (see [`Scalar`]).
struct Number<T>(fn(f64) -> Result<Option<T>, String>);

impl<'de, T> Visitor<'de> for Number<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        (self.0)(v).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        refuse_tag(data)
    }
}

fn refuse_tag<'de, A: EnumAccess<'de>, T>(data: A) -> Result<T, A::Error> {
    let (tag, _) = data.variant::<String>()?;
    Err(de::Error::custom(format!(
        "YAML tags such as `!{tag}` are not read; write the value as plain text"
    )))
}

/// Name parts in the order they are written, for a name given as a mapping.
const NAME_PARTS: &[&str] = &[
    "name", "first", "given", "middle", "last", "family", "surname",
];

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a name: text, or a mapping such as {first: Ada, last: Lovelace}")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match map.next_value::<Text>() {
                Ok(Text(Some(v))) => parts.push((key.to_lowercase(), v)),
                Ok(Text(None)) => {}
                Err(e) => return Err(e),
            }
        }
        let rank = |k: &str| NAME_PARTS.iter().position(|p| *p == k);
        parts.retain(|(k, _)| rank(k).is_some());
        parts.sort_by_key(|(k, _)| rank(k));
        let name = parts
            .into_iter()
            .map(|(_, v)| v)
            .collect::<Vec<_>>()
            .join(" ");
        Ok((!name.trim().is_empty()).then_some(name))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let first = seq.next_element::<Name>()?.and_then(|n| n.0);
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(first)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        refuse_tag(data)
    }
}

struct KeywordsVisitor;

impl<'de> Visitor<'de> for KeywordsVisitor {
    type Value = Option<Vec<String>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of keywords, or keywords separated by commas")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let words = v.split([',', ';']).map(str::trim).filter(|w| !w.is_empty());
        Ok(Some(words.map(str::to_string).collect()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut words = Vec::new();
        while let Some(Text(word)) = seq.next_element::<Text>()? {
            words.extend(word);
        }
        Ok(Some(words))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        refuse_tag(data)
    }
}
