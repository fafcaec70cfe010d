//! Vocabularies stored as text (roles, statuses, metrics, event kinds, …): one macro gives
//! each its wire name, its stored name (the same), and a read that refuses unknown values.
//! A value the code does not know is corrupt data or a newer version's: it is an error,
//! never silently read as some default.

/// A stored text that names no value of the vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    pub vocabulary: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a known {}", self.value, self.vocabulary)
    }
}

impl std::error::Error for UnknownValue {}

/// A schema's description from the doc lines of its type, for the schemas this crate's
/// macros write out themselves.
pub fn doc_description(lines: &[&str]) -> Option<String> {
    let text = lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join("\n");
    (!text.is_empty()).then_some(text)
}

/// Declares a vocabulary: `stored_enum! { /// doc  pub enum Name { /// doc  Variant = "text", … } }`.
/// Variants keep their declaration order for `Ord` and `ALL`.
#[macro_export]
macro_rules! stored_enum {
    ($(#[doc = $doc:literal])* pub enum $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $text)] $variant),+
        }

        // Written out rather than derived: the derive does not see renames made through a
        // macro, and the schema must list exactly the stored names.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description($crate::stored::doc_description(&[$($doc),*]))
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The name on the wire and in storage.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::stored::UnknownValue;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value).ok_or($crate::stored::UnknownValue {
                    vocabulary: stringify!($name),
                    value,
                })
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::stored_enum! {
        /// A test vocabulary.
        pub enum Colour { Red = "red", DeepBlue = "deep_blue" }
    }

    #[test]
    fn known_values_round_trip_and_unknown_ones_are_errors() {
        for colour in Colour::ALL {
            assert_eq!(Colour::try_from(String::from(colour)), Ok(colour));
            assert_eq!(
                serde_json::to_string(&colour).ok(),
                Some(format!("\"{}\"", colour.as_str()))
            );
        }
        let unknown = Colour::try_from("green".to_owned());
        assert_eq!(
            unknown.map_err(|e| e.to_string()),
            Err("\"green\" is not a known Colour".to_owned())
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        assert!(Colour::Red < Colour::DeepBlue, "declaration order");
    }
}
