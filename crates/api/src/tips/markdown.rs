//! A tip's Markdown made safe to show: rendered by pulldown-cmark with raw HTML shown as
//! text, then cleaned by ammonia (no script, style, event attribute, `javascript:` link or
//! image from elsewhere ever reaches a page), and its plain-text excerpt.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// The excerpt's most characters.
pub const EXCERPT_CHARS: usize = 240;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// One heading level down, h6 staying h6.
fn lower(level: pulldown_cmark::HeadingLevel) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => H2,
        H2 => H3,
        H3 => H4,
        H4 => H5,
        _ => H6,
    }
}

/// Safe HTML for a tip's Markdown.
pub fn render(markdown: &str) -> String {
    // Raw HTML is shown as typed rather than interpreted; images become links to them, so
    // that reading a tip never fetches from another server (a tracking pixel) and the page's
    // policy of own images only holds.
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Image {
            dest_url, title, id, ..
        }) => Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        // The page's one h1 is the tip's title: the text's headings start at h2.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer nofollow"))
        .rm_tags(["img"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .clean(&html)
        .to_string()
}

/// The start of the text without Markdown, whitespace collapsed, cut at a word.
pub fn excerpt(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end with a space; inline ends (bold, a link) do not, or punctuation
            // after them would stand apart ("voisins .").
            Event::End(end)
                if !matches!(
                    end,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
                ) =>
            {
                text.push(' ')
            }
            _ => {}
        }
        if text.chars().count() > EXCERPT_CHARS * 2 {
            break;
        }
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= EXCERPT_CHARS {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        let html = render("# Titre\n\n**gras** et *italique*, [lien](https://exemple.fr)\n\n- un\n- deux");
        assert!(
            html.contains("<h2>Titre</h2>"),
            "the page's h1 is the tip's title: {html}"
        );
        assert!(html.contains("<strong>gras</strong>"), "{html}");
        assert!(html.contains("<li>deux</li>"), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""), "{html}");
    }

    #[test]
    fn nothing_active_survives() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[clic](javascript:alert(1))",
            "[clic](JaVaScRiPt:alert(1))",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<style>body{display:none}</style>",
            "<iframe src=https://evil.example></iframe>",
            "![pixel](https://tracker.example/p.gif)",
            "<svg onload=alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ];
        for attack in attacks {
            let html = render(attack).to_lowercase();
            // Only real tags matter: text shows typed HTML escaped (`&lt;script&gt;`).
            for tag in html
                .split('<')
                .skip(1)
                .map(|rest| rest.split('>').next().unwrap_or_default())
            {
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or_default();
                assert!(
                    ["p", "a", "ul", "li", "strong", "em", "code", "pre"].contains(&name),
                    "{attack} gave the tag <{tag}> in {html}"
                );
                for attribute in tag.split_whitespace().skip(1) {
                    assert!(!attribute.starts_with("on"), "{attack} gave {html}");
                    assert!(!attribute.starts_with("src="), "{attack} gave {html}");
                    if let Some(url) = attribute.strip_prefix("href=\"") {
                        assert!(url.starts_with("http"), "{attack} gave {html}");
                    }
                }
            }
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert!(render("<b>gras</b>").contains("&lt;b&gt;gras&lt;/b&gt;"));
    }

    #[test]
    fn an_excerpt_is_plain_and_bounded() {
        assert_eq!(
            excerpt("# Titre\n\nUn **texte** avec `code`."),
            "Titre Un texte avec code."
        );
        assert_eq!(excerpt("Les **voisins**."), "Les voisins.");
        let long = "mot ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1, "{}", cut.len());
        assert!(cut.ends_with('…'));
    }
}
