//! The README's "Talking to the real services" section lists every call made at an
//! assumed shape, exactly as the two `assumptions.rs` files do (so they cannot drift).

use shelflink::allportal::assumptions as ap;
use shelflink::photoshelter::assumptions as ps;

fn row(id: &str, method: &str, path: &str, what: &str) -> String {
    format!("| {id} | {method} | `{path}` | {what} |")
}

fn readme_section() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md at the repository root");
    let start = text
        .find("## Talking to the real services")
        .expect("README.md has the section \"Talking to the real services\"");
    let rest = &text[start + 3..];
    let end = rest.find("\n## ").map(|e| e + 3).unwrap_or(rest.len());
    text[start..start + end].to_string()
}

#[test]
fn every_assumed_photoshelter_call_is_in_the_readme() {
    let section = readme_section();
    for c in ps::CALLS {
        let row = row(c.id, c.method, c.path, c.what);
        assert!(section.contains(&row), "README.md lacks the row:\n{row}");
    }
}

#[test]
fn every_assumed_4allportal_call_is_in_the_readme() {
    let section = readme_section();
    for c in ap::CALLS {
        let row = row(c.id, c.method, c.path, c.what);
        assert!(section.contains(&row), "README.md lacks the row:\n{row}");
    }
}
