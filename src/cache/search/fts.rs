//! Turning what a person types into an FTS5 query that finds what they mean: every word
//! must match (in any indexed column), a word's last part matches as a prefix (`mh0` finds
//! `MH02`), and words joined by punctuation stay together as a phrase (`MH02-XS` finds
//! `MH02-XS-Black`, not every `xs`). Nothing typed can break the query syntax.

/// The tokens of a word as the `unicode61` tokenizer splits them.
fn tokens(word: &str) -> Vec<String> {
    word.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The FTS5 query for `text`, or `None` when it holds no word.
pub fn query(text: &str) -> Option<String> {
    let phrases: Vec<String> = text
        .split_whitespace()
        .map(tokens)
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"*", t.join(" ")))
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_prefix_phrases_and_punctuation_cannot_break_the_syntax() {
        assert_eq!(
            query("MH02-XS black").as_deref(),
            Some(r#""mh02 xs"* "black"*"#)
        );
        assert_eq!(
            query(r#"NEAR( "a" OR b* ) -- :"#).as_deref(),
            Some(r#""near"* "a"* "or"* "b"*"#)
        );
        assert_eq!(query("  ---  "), None);
        assert_eq!(query("Größe").as_deref(), Some(r#""größe"*"#));
    }
}
