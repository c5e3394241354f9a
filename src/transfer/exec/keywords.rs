//! PhotoShelter keywords: append the product's SKU, category and campaigns (never removing
//! anyone's keywords), also used for the approval keyword.

use super::{Context, JobError};
use crate::cache::own_writes::OwnWrite;
use crate::photoshelter::{ImageId, merged_keywords};
use crate::transfer::job::TagKeywords;
use serde_json::{Value, json};

/// A keyword PhotoShelter can store: trimmed, without the commas that separate keywords.
pub fn keyword(text: &str) -> Option<String> {
    let cleaned = text.replace(',', " ");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Adds `add` to the image's keywords unless every one is there already (read first, so a
/// repeat writes nothing). Result: `{"keywords", "written"}`.
pub(super) async fn add_keywords(
    ctx: &Context<'_>,
    image: &str,
    add: &[String],
) -> Result<Value, JobError> {
    let ps = &ctx.remotes.photoshelter;
    let id = ImageId::new(image.to_owned());
    let current = ps.iptc(&id).await?.keyword;
    let wanted = merged_keywords(&current, add, &[]);
    if wanted == current {
        return Ok(json!({"keywords": current, "written": false}));
    }
    ctx.about_to_write(&OwnWrite::keywords(image, &wanted))?;
    let merged = ps.merge_keywords(&id, add, &[]).await?;
    Ok(json!({"keywords": merged.keywords, "written": merged.written}))
}

pub(super) async fn tag(ctx: &Context<'_>, p: &TagKeywords) -> Result<Value, JobError> {
    let add: Vec<String> = p.keywords.iter().filter_map(|k| keyword(k)).collect();
    add_keywords(ctx, &p.asset, &add).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_lose_their_commas_and_extra_spaces() {
        assert_eq!(
            keyword(" Men/Tops, Hoodies ").as_deref(),
            Some("Men/Tops Hoodies")
        );
        assert_eq!(keyword(" , "), None);
    }
}
