//! Text fields as types that carry their bounds: each states its minimum (once trimmed) and
//! maximum in one place, and from there come both the server's check and the OpenAPI
//! schema (`minLength`, `maxLength` and the `pattern` equivalent to the check).
//!
//! A request holds the text as it was typed; `check` trims and validates it, so that every
//! field's error is reported at once rather than the first failing the whole body.

/// Declares a bounded text type: `bounded_text! { /// doc  pub struct Title(3, 120); }`.
#[macro_export]
macro_rules! bounded_text {
    ($(#[doc = $doc:literal])* pub struct $name:ident($min:literal, $max:literal);) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The fewest characters once surrounding space is trimmed.
            pub const MIN: usize = $min;
            /// The most characters, as sent.
            pub const MAX: usize = $max;

            /// The text trimmed, if it holds to the bounds; the error names `field`.
            pub fn check(&self, field: &str) -> Result<String, $crate::errors::FieldError> {
                $crate::errors::text_field(field, &self.0, Self::MIN, Self::MAX)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description($crate::stored::doc_description(&[$($doc),*]))
                    .min_length(($min > 0).then_some($min))
                    .max_length(Some($max))
                    .pattern(Some($crate::errors::text_pattern($min)))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

bounded_text! {
    /// A title: 3–120 characters.
    pub struct Title(3, 120);
}

bounded_text! {
    /// A free text of up to 5,000 characters (descriptions, evidence).
    pub struct LongText(0, 5000);
}

bounded_text! {
    /// What was learnt — what worked, what did not, what to do next time: 10–5,000 characters.
    pub struct Retrospective(10, 5000);
}

bounded_text! {
    /// What shows a need is real — figures, feedback, observations: up to 5,000 characters.
    pub struct Evidence(0, 5000);
}

bounded_text! {
    /// A person's name as shown to others: 2–80 characters.
    pub struct DisplayName(2, 80);
}

bounded_text! {
    /// An organisation's name: 2–120 characters.
    pub struct OrganisationName(2, 120);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_text_checks_its_own_bounds() {
        assert_eq!(Title::from("  Lancement ").check("title"), Ok("Lancement".to_owned()));
        assert_eq!(
            Title::from("ab").check("title").map_err(|e| e.code),
            Err("too_short".to_owned())
        );
        let long = Title::from("x".repeat(Title::MAX + 1));
        assert_eq!(
            long.check("title").map_err(|e| (e.field, e.code)),
            Err(("title".into(), "too_long".into()))
        );
        assert!(LongText::from("").check("description").is_ok(), "may be empty");
        assert_eq!(
            serde_json::to_string(&Title::from("Été")).ok().as_deref(),
            Some("\"Été\"")
        );
    }
}
