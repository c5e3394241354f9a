//! Sharing 4ALLPORTAL files through PhotoShelter: the gallery (found by name, made once),
//! each file in it (an image PhotoShelter already has is added; a file that came from
//! elsewhere is uploaded, unless an image of that name is in the gallery already), then the
//! share (one with the same recipients is reused).

use super::{Context, JobError};
use crate::allportal::ObjectId;
use crate::cache::own_writes::OwnWrite;
use crate::net::Replay;
use crate::photoshelter::{
    Extend, Extension, Fields, GalleryId, ImageId, ImageListOptions, NewGallery, NewShare,
    UploadOptions, Visibility,
};
use crate::transfer::job::Share;
use futures::TryStreamExt;
use serde_json::{Value, json};
use std::collections::HashSet;

/// What the gallery holds: image ids and file names (lower case).
async fn gallery_contents(
    ctx: &Context<'_>,
    gallery: &GalleryId,
) -> Result<(HashSet<String>, HashSet<String>), JobError> {
    let options = ImageListOptions {
        extend: Some(Extend::new().with(
            "Image",
            Extension::new().fields(Fields::of(["image_id", "file_name"])),
        )),
        ..ImageListOptions::default()
    };
    let rows: Vec<_> = ctx
        .remotes
        .photoshelter
        .gallery_images(gallery, &options)
        .try_collect()
        .await?;
    let ids = rows
        .iter()
        .map(|r| r.image_id.as_str().to_owned())
        .collect();
    let names = rows
        .iter()
        .filter_map(|r| r.image.as_ref())
        .map(|i| i.file_name.to_lowercase())
        .collect();
    Ok((ids, names))
}

fn same_recipients(a: &[String], b: &[String]) -> bool {
    let set = |list: &[String]| -> HashSet<String> {
        list.iter().map(|r| r.trim().to_lowercase()).collect()
    };
    set(a) == set(b)
}

/// Result: `{"gallery", "share", "url", "added", "uploaded", "reused_share"}`.
pub(super) async fn share(ctx: &Context<'_>, p: &Share) -> Result<Value, JobError> {
    let remotes = ctx.remotes;
    let (ps, ap, mapping) = (&remotes.photoshelter, &remotes.allportal, &remotes.mapping);
    ctx.check_cancel()?;
    let gallery = ps
        .ensure_gallery(&NewGallery {
            name: p.gallery.clone(),
            parent: None,
            listed: false,
            visibility: Visibility::Private,
        })
        .await?;
    let gallery_id = gallery.gallery_id.clone();
    let (ids, mut names) = gallery_contents(ctx, &gallery_id).await?;
    let (mut added, mut uploaded) = (0, 0);
    let file_fields = [
        mapping.file.name.clone(),
        mapping.file.photoshelter_id.clone(),
    ];
    for file in &p.files {
        let object = match ap
            .object(
                &mapping.file.module,
                &ObjectId::new(file.clone()),
                &file_fields,
            )
            .await
        {
            Ok(o) => o,
            Err(e) if e.is_not_found() => {
                return Err(JobError::Attention(format!(
                    "the 4ALLPORTAL file {file} no longer exists: share again without it"
                )));
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(image) = object.text(&mapping.file.photoshelter_id) {
            if !ids.contains(image) {
                ctx.about_to_write(&OwnWrite::gallery_member(image, gallery_id.as_str()))?;
                ps.add_to_gallery(&gallery_id, &[ImageId::new(image.to_owned())])
                    .await?;
                added += 1;
            }
            continue;
        }
        let name = object
            .text(&mapping.file.name)
            .unwrap_or(file.as_str())
            .to_owned();
        if names.contains(&name.to_lowercase()) {
            continue;
        }
        let dest = ctx.scratch_file(&name);
        ap.download_media(&mapping.file.module, &object.id, "Original", &dest)
            .await?;
        let result = match ctx.check_cancel() {
            // An upload has no id of its own: it is never replayed blindly; a repeat of
            // this job finds the image by its name in the gallery instead.
            Ok(()) => ps
                .upload(
                    &gallery_id,
                    std::slice::from_ref(&dest),
                    &UploadOptions {
                        searchable: None,
                        replay: Replay::Unsafe,
                    },
                )
                .await
                .map_err(JobError::from),
            Err(e) => Err(e),
        };
        ctx.remove_scratch(&dest);
        result?;
        names.insert(name.to_lowercase());
        uploaded += 1;
    }
    let existing = ps.shares(&gallery_id).await?;
    if let Some(found) = existing
        .iter()
        .find(|s| same_recipients(&s.recipients, &p.recipients))
    {
        return Ok(json!({
            "gallery": gallery_id.as_str(), "share": found.share_id.as_str(), "url": found.url,
            "added": added, "uploaded": uploaded, "reused_share": true,
        }));
    }
    ctx.check_cancel()?;
    let made = ps
        .create_share(
            &gallery_id,
            &NewShare {
                recipients: p.recipients.clone(),
                expires_at: p.expires_at,
                message: p.message.clone(),
            },
            // Checked above: no share with these recipients. Never replayed blindly.
            Replay::Unsafe,
        )
        .await?;
    Ok(json!({
        "gallery": gallery_id.as_str(), "share": made.share_id.as_str(), "url": made.url,
        "added": added, "uploaded": uploaded, "reused_share": false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_match_whatever_their_order_or_case() {
        let a = vec![
            "Press@Example.org".to_string(),
            "buyer@shop.example".to_string(),
        ];
        let b = vec![
            "buyer@shop.example".to_string(),
            "press@example.org ".to_string(),
        ];
        assert!(same_recipients(&a, &b));
        assert!(!same_recipients(&a, &b[..1]));
    }
}
