//! Product relations in 4ALLPORTAL: relate a file with role and position, write the
//! PhotoShelter back-link, replace an old version with a new one, unlink. Each reads the
//! product's lists, changes them (`ProductLists`), and writes only when something changed.

use super::files::{file_for, find_file};
use super::patch::patch_once;
use super::{Context, JobError};
use crate::allportal::ObjectId;
use crate::cache::own_writes::OwnWrite;
use crate::photoshelter::{FitMode, ImageId};
use crate::transfer::job::{JobKind, Relate, ReplaceVersion, Unlink, WriteBack, role_word};
use crate::transfer::product_lists::{ProductLists, fields_to_read};
use serde_json::{Value, json};

/// The size of the rendition whose URL is written back onto the product.
const BACK_LINK_SIZE: u32 = 1200;

async fn read(ctx: &Context<'_>, product: &str) -> Result<ProductLists, JobError> {
    let remotes = ctx.remotes;
    let fields = &remotes.mapping.product;
    match remotes
        .allportal
        .object(
            &fields.module,
            &ObjectId::new(product),
            &fields_to_read(fields),
        )
        .await
    {
        Ok(object) => Ok(ProductLists::from_object(&object, fields)),
        Err(e) if e.is_not_found() => Err(JobError::Attention(format!(
            "the product {product} no longer exists in 4ALLPORTAL: sync, then link the image to another product"
        ))),
        Err(e) => Err(e.into()),
    }
}

async fn write(ctx: &Context<'_>, product: &str, lists: &ProductLists) -> Result<(), JobError> {
    let remotes = ctx.remotes;
    let fields = &remotes.mapping.product;
    ctx.about_to_write(&OwnWrite::product_images(product, &lists.product_images()))?;
    if lists.has_back_links() {
        ctx.about_to_write(&OwnWrite::back_links(product, &lists.ps_ids))?;
    }
    patch_once(
        &remotes.allportal,
        &fields.module,
        &lists.images_patch(product, fields),
    )
    .await
}

fn missing_file(asset: &str) -> JobError {
    JobError::Attention(format!(
        "4ALLPORTAL has no file for the PhotoShelter image {asset} (it may have been deleted there): retry the upload job, or link the image again"
    ))
}

/// Relates the file with role and position. Result: `{"file", "changed"}`.
pub(super) async fn relate(ctx: &Context<'_>, p: &Relate) -> Result<Value, JobError> {
    let file = file_for(ctx, &p.asset)
        .await?
        .ok_or_else(|| missing_file(&p.asset))?;
    let mut lists = read(ctx, &p.product).await?;
    let changed = if p.reorder {
        lists.move_to(&file, role_word(p.role), p.position as usize)
    } else {
        lists.relate(&file, role_word(p.role), p.position as usize)
    };
    if changed {
        write(ctx, &p.product, &lists).await?;
    }
    Ok(json!({"file": file, "changed": changed}))
}

/// Writes the PhotoShelter id and URL at the file's place. Reading the product back also
/// confirms the link. Result: `{"file", "url", "changed", "confirmed"}`.
pub(super) async fn write_back(ctx: &Context<'_>, p: &WriteBack) -> Result<Value, JobError> {
    let remotes = ctx.remotes;
    let from_relate = ctx.dependency_result(JobKind::Relate, "file")?;
    let from_replace = ctx.dependency_result(JobKind::ReplaceVersion, "file")?;
    let file = match from_relate.or(from_replace) {
        Some(f) => f,
        None => find_file(ctx, &p.asset)
            .await?
            .ok_or_else(|| missing_file(&p.asset))?,
    };
    let mut lists = read(ctx, &p.product).await?;
    if lists.position_of(&file).is_none() {
        return Err(JobError::Attention(format!(
            "the image {} is no longer on the product {} (someone removed it in 4ALLPORTAL): link it again if it belongs there",
            p.asset, p.product
        )));
    }
    if !lists.has_back_links() {
        return Ok(json!({"file": file, "changed": false, "confirmed": true}));
    }
    let link = remotes
        .photoshelter
        .image_link(
            &ImageId::new(p.asset.clone()),
            BACK_LINK_SIZE,
            BACK_LINK_SIZE,
            FitMode::Fit,
        )
        .await?;
    let changed = lists.set_back_link(&file, &p.asset, &link.link) == Some(true);
    if changed {
        let fields = &remotes.mapping.product;
        ctx.about_to_write(&OwnWrite::back_links(&p.product, &lists.ps_ids))?;
        patch_once(
            &remotes.allportal,
            &fields.module,
            &lists.back_links_patch(&p.product, fields),
        )
        .await?;
    }
    Ok(json!({"file": file, "url": link.link, "changed": changed, "confirmed": true}))
}

/// Points the old version's place at the new version. Result: `{"file", "old_file", "changed"}`.
pub(super) async fn replace(ctx: &Context<'_>, p: &ReplaceVersion) -> Result<Value, JobError> {
    let new_file = file_for(ctx, &p.to)
        .await?
        .ok_or_else(|| missing_file(&p.to))?;
    let old_file = find_file(ctx, &p.from).await?;
    let mut lists = read(ctx, &p.product).await?;
    let role = role_word(p.role);
    let changed = match &old_file {
        Some(old) => lists.replace(old, &new_file, role, p.position as usize),
        None => lists.relate(&new_file, role, p.position as usize),
    };
    if changed {
        write(ctx, &p.product, &lists).await?;
    }
    Ok(json!({"file": new_file, "old_file": old_file, "changed": changed}))
}

/// Takes the image off the product. Result: `{"file", "changed"}`.
pub(super) async fn unlink(ctx: &Context<'_>, p: &Unlink) -> Result<Value, JobError> {
    let file = match &p.file {
        Some(f) => Some(f.clone()),
        None => find_file(ctx, &p.asset).await?,
    };
    let Some(file) = file else {
        return Ok(json!({"file": null, "changed": false}));
    };
    let mut lists = match read(ctx, &p.product).await {
        Ok(lists) => lists,
        // A product deleted in 4ALLPORTAL shows no image any more: nothing left to do.
        Err(JobError::Attention(_)) => return Ok(json!({"file": file, "changed": false})),
        Err(e) => return Err(e),
    };
    let changed = lists.remove(&file);
    if changed {
        write(ctx, &p.product, &lists).await?;
    }
    Ok(json!({"file": file, "changed": changed}))
}
