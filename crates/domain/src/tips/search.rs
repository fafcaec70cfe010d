//! The words a tip search matches on, made the same way for what is stored and what is
//! asked, on both backends: lower case, accents folded ("énergie" and "energie" meet, typed
//! either way), then French words reduced to their stem (Snowball: "formations" and
//! "formation" give "format"). Both databases then match whole stems or their prefixes.

use rust_stemmers::{Algorithm, Stemmer};

/// The most words of a query that are used.
pub const MAX_QUERY_WORDS: usize = 12;

/// Folds the accents of Latin letters (French and its neighbours); other letters are kept.
fn fold(c: char) -> &'static str {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'ç' => "c",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'ÿ' => "y",
        'ñ' => "n",
        'œ' => "oe",
        'æ' => "ae",
        _ => "",
    }
}

fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match fold(c) {
            "" => out.push(c),
            replacement => out.push_str(replacement),
        }
    }
    out
}

/// The search words of a text, in order (repeats kept: they weigh in the index).
pub fn words(text: &str) -> Vec<String> {
    let stemmer = Stemmer::create(Algorithm::French);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| stemmer.stem(&folded(&word.to_lowercase())).into_owned())
        .collect()
}

/// What is stored for a tip's search: its title, body and tags as words.
pub fn index_text(title: &str, body: &str, tags: &[String]) -> String {
    let mut text = String::new();
    for part in [title, body].into_iter().chain(tags.iter().map(String::as_str)) {
        for word in words(part) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&word);
        }
    }
    text
}

/// The words of a query, each once, at most `MAX_QUERY_WORDS`: all must match (each as a
/// prefix, so a word being typed already finds).
pub fn query_words(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words(query) {
        if !out.contains(&word) && out.len() < MAX_QUERY_WORDS {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_singular_meet() {
        assert_eq!(query_words("formations"), query_words("formation"));
        assert_eq!(query_words("Magasins"), query_words("magasin"));
    }

    #[test]
    fn accents_do_not_matter() {
        assert_eq!(query_words("énergie"), query_words("energie"));
        assert_eq!(query_words("sécurité"), query_words("securite"));
        assert_eq!(query_words("cœur"), vec!["coeur".to_owned()]);
    }

    #[test]
    fn punctuation_splits_and_repeats_are_merged() {
        assert_eq!(query_words("caisse, caisse! (rayon)"), query_words("caisse rayon"));
        assert!(query_words("\"*:&|!()").is_empty(), "no syntax reaches the database");
    }

    #[test]
    fn a_query_is_bounded() {
        let long = (0..40).map(|i| format!("mot{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(query_words(&long).len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn the_index_holds_title_body_and_tags() {
        let text = index_text("Réussir l'inventaire", "Compter **deux fois**", &["caisse".into()]);
        for word in ["inventair", "compt", "deux", "fois", "caiss"] {
            assert!(text.split(' ').any(|w| w.starts_with(word)), "{word} in {text}");
        }
    }
}
