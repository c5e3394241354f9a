//! Mirroring an approval to PhotoShelter: the approval keyword, or membership of the
//! approval gallery (found by name at the top of the library, made once if missing).

use super::keywords::{add_keywords, keyword};
use super::{Context, JobError};
use crate::cache::own_writes::OwnWrite;
use crate::photoshelter::{ImageId, NewGallery, Visibility};
use crate::transfer::job::ApprovalSignal;
use crate::versions::SignalChange;
use serde_json::{Value, json};

pub(super) async fn mirror(ctx: &Context<'_>, p: &ApprovalSignal) -> Result<Value, JobError> {
    match &p.change {
        SignalChange::AddKeyword {
            asset,
            keyword: word,
        } => {
            let add: Vec<String> = keyword(word).into_iter().collect();
            add_keywords(ctx, asset.as_str(), &add).await
        }
        SignalChange::AddToGallery { asset, gallery } => {
            let ps = &ctx.remotes.photoshelter;
            ctx.check_cancel()?;
            // Looks for the gallery by name first; creates it (never replayed blindly) only
            // when missing. The lock on the gallery name keeps two jobs from racing here.
            let found = ps
                .ensure_gallery(&NewGallery {
                    name: gallery.clone(),
                    parent: None,
                    listed: false,
                    visibility: Visibility::Private,
                })
                .await?;
            ctx.about_to_write(&OwnWrite::gallery_member(
                asset.as_str(),
                found.gallery_id.as_str(),
            ))?;
            // Adding an image twice is a no-op (P7): safe to repeat.
            ps.add_to_gallery(&found.gallery_id, &[ImageId::new(asset.to_string())])
                .await?;
            Ok(json!({"gallery": found.gallery_id.as_str()}))
        }
    }
}
