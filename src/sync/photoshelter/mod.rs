//! The PhotoShelter side of a sync: walk the tree, then read the images of every gallery
//! whose `modified_at` changed since its images were last read to the end, page by page
//! (each page one transaction, with the page number, so a stopped sync resumes at the next
//! page). Images that left every gallery are looked up: gone means deleted.

mod map;

use super::SyncError;
use super::config::PhotoShelterSource;
use super::context::Ctx;
use super::progress::Side;
use super::report::PhotoShelterReport;
use crate::cache::catalog::activity::{self, Entry};
use crate::cache::catalog::approval::{ApprovalChange, Known, apply_known, apply_signal};
use crate::cache::catalog::tree::{self, GalleryState, Member, NodeRecord};
use crate::cache::catalog::{Change, asset_index, assets, state};
use crate::net::Service;
use crate::photoshelter::{CollectionId, Fields, GalleryId, ImageId, ImageListOptions};
use crate::versions::ApprovalSignal;
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const PS: Service = Service::PhotoShelter;

/// What a resumed gallery listing must match: the listing it belongs to and the gallery's
/// `modified_at` when it started (a gallery that changed since is read again from page 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Pass {
    pass: String,
    modified_at: Option<String>,
}

/// What reading the galleries left to look at.
#[derive(Default)]
struct Outcome {
    report: PhotoShelterReport,
    /// Assets that lost a gallery.
    left: BTreeSet<i64>,
}

fn parent(id: &CollectionId) -> Option<String> {
    (id != &CollectionId::root()).then(|| id.as_str().to_owned())
}

pub(crate) async fn sync(
    ctx: &Ctx<'_>,
    source: &PhotoShelterSource,
    first: bool,
) -> Result<PhotoShelterReport, SyncError> {
    let client = &source.client;
    ctx.tracker.step(Side::PhotoShelter, "tree");
    let walked = ctx
        .fetch(PS, || "walking the collection tree".into(), client.tree())
        .await?;
    let collections: Vec<NodeRecord> = walked
        .collections
        .iter()
        .map(|c| NodeRecord {
            id: c.collection.collection_id.as_str().to_owned(),
            parent_id: parent(&c.parent),
            name: c.collection.name.clone(),
            path: c
                .path
                .iter()
                .cloned()
                .chain([c.collection.name.clone()])
                .collect(),
            modified_at: c.collection.modified_at,
        })
        .collect();
    let galleries: Vec<NodeRecord> = walked
        .galleries
        .iter()
        .map(|g| NodeRecord {
            id: g.gallery.gallery_id.as_str().to_owned(),
            parent_id: parent(&g.parent),
            name: g.gallery.name.clone(),
            path: g
                .path
                .iter()
                .cloned()
                .chain([g.gallery.name.clone()])
                .collect(),
            modified_at: g.gallery.modified_at,
        })
        .collect();
    let left_tree = ctx.write(|tx| {
        Ok(tree::write_tree(
            tx,
            &collections,
            &galleries,
            &ctx.write_ctx(),
        )?)
    })?;
    let all = ctx.cache.with_conn(tree::galleries)?;
    let to_read: Vec<GalleryState> = all
        .iter()
        .filter(|g| ctx.config.full || !g.is_current())
        .cloned()
        .collect();
    let mut outcome = Outcome {
        report: PhotoShelterReport {
            collections: collections.len() as u32,
            galleries: all.len() as u32,
            galleries_read: to_read.len() as u32,
            galleries_skipped: (all.len() - to_read.len()) as u32,
            ..PhotoShelterReport::default()
        },
        left: left_tree.into_iter().collect(),
    };
    for g in &to_read {
        ctx.tracker.part(Side::PhotoShelter, &g.id, None);
    }
    ctx.tracker.step(Side::PhotoShelter, "galleries");
    // Futures made up front (not in a stream closure) keep the whole sync `Send`.
    let reads: Vec<_> = to_read
        .iter()
        .map(|g| read_gallery(ctx, source, g, first))
        .collect();
    let results: Vec<Outcome> = futures::stream::iter(reads)
        .buffer_unordered(ctx.config.galleries_at_once.max(1))
        .try_collect()
        .await?;
    for r in results {
        let (a, b) = (&mut outcome.report, &r.report);
        a.pages += b.pages;
        a.approvals += b.approvals;
        a.withdrawn_approvals += b.withdrawn_approvals;
        a.assets.new += b.assets.new;
        a.assets.changed += b.assets.changed;
        a.assets.echoes += b.assets.echoes;
        a.assets.unchanged += b.assets.unchanged;
        outcome.left.extend(r.left);
    }
    ctx.tracker
        .step(Side::PhotoShelter, "images that left their galleries");
    settle_left(ctx, source, &mut outcome, first).await?;
    Ok(outcome.report)
}

/// Reads one gallery's images to the end, from where an earlier run stopped.
async fn read_gallery(
    ctx: &Ctx<'_>,
    source: &PhotoShelterSource,
    gallery: &GalleryState,
    first: bool,
) -> Result<Outcome, SyncError> {
    let scope = format!("gallery:{}", gallery.id);
    let saved = ctx
        .cache
        .with_conn(|c| state::progress::<Pass>(c, PS, &scope))?;
    let (mut page, pass) = match saved {
        Some(p) if p.state.modified_at == gallery.modified_at => (p.page + 1, p.state.pass),
        _ => (1, format!("run-{}", ctx.run_id)),
    };
    let per_page = ctx.config.photoshelter_page;
    let options = ImageListOptions {
        per_page,
        ..ImageListOptions::for_sync(ctx.config.thumb_size)
    };
    let id = GalleryId::new(gallery.id.clone());
    let signal = &ctx.config.approval.signal;
    let mut out = Outcome::default();
    loop {
        let list = ctx
            .fetch(
                PS,
                || format!("reading page {page} of gallery {}", gallery.name),
                source.client.gallery_images_page(&id, &options, page),
            )
            .await?;
        ctx.tracker
            .part(Side::PhotoShelter, &gallery.id, list.total);
        let last = list.next.is_none();
        let count = list.items.len() as u64;
        // Mapped before the write, so the cache is held only for writing.
        let records = list
            .items
            .iter()
            .map(|row| map::asset_record(row, &source.usage_fields))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| SyncError::Remote {
                service: PS,
                doing: format!("reading page {page} of gallery {}", gallery.name),
                source,
            })?;
        let ps_ids: Vec<&str> = records.iter().map(|r| r.ps_id.as_str()).collect();
        ctx.write(|tx| {
            let wctx = ctx.write_ctx();
            // The page's search index is written once, after its images.
            asset_index::per_page(tx, &ps_ids, || -> Result<(), SyncError> {
                for (i, record) in records.iter().enumerate() {
                    let written = assets::upsert(tx, record, &wctx)?;
                    let position = i64::from(page - 1) * i64::from(per_page) + i as i64;
                    let member = tree::add_member(
                        tx,
                        &gallery.id,
                        written.id,
                        &record.ps_id,
                        position,
                        &pass,
                    )?;
                    out.report.assets.count(&written.change);
                    if !first && written.change.is_news() {
                        let (kind, summary) = match &written.change {
                            Change::New => (
                                "asset_added",
                                format!("New image {} in {}", record.file_name, gallery.name),
                            ),
                            Change::Changed(fields) => (
                                "asset_changed",
                                format!(
                                    "{} changed in PhotoShelter ({})",
                                    record.file_name,
                                    fields.join(", ")
                                ),
                            ),
                            _ => unreachable!("is_news"),
                        };
                        activity::log(tx, wctx.now, &Entry::new(kind, summary).asset(written.id))?;
                    }
                    if written.change != Change::Unchanged || member != Member::Existing {
                        let echo = match signal {
                            ApprovalSignal::Keyword { .. } => written.keywords_echo,
                            ApprovalSignal::Gallery { .. } => member == Member::Echo,
                        };
                        let known = Known {
                            approval: &written.approval,
                            source: written.approval_source.as_deref(),
                            keywords: &record.keywords,
                        };
                        let change = apply_known(tx, written.id, signal, echo, wctx.now, &known)?;
                        note_approval(tx, change, written.id, &record.file_name, &mut out.report)?;
                    }
                }
                Ok(())
            })?;
            if last {
                let removed =
                    tree::finish_gallery(tx, &gallery.id, &pass, gallery.modified_at.as_deref())?;
                out.left.extend(removed);
                state::clear_scope(tx, PS, &scope)?;
            } else {
                let progress = state::Progress {
                    page,
                    done: false,
                    state: Pass {
                        pass: pass.clone(),
                        modified_at: gallery.modified_at.clone(),
                    },
                };
                state::set_progress(tx, PS, &scope, &progress, wctx.now)?;
            }
            Ok(())
        })?;
        out.report.pages += 1;
        ctx.tracker.page(Side::PhotoShelter, count);
        match list.next {
            Some(next) => page = next,
            None => return Ok(out),
        }
    }
}

fn note_approval(
    tx: &rusqlite::Connection,
    change: Option<ApprovalChange>,
    asset: i64,
    file_name: &str,
    report: &mut PhotoShelterReport,
) -> Result<(), SyncError> {
    let now = chrono::Utc::now();
    match change {
        Some(ApprovalChange::Approved) => {
            report.approvals += 1;
            let entry = Entry::new(
                "approved_in_photoshelter",
                format!("{file_name} was approved in PhotoShelter"),
            );
            activity::log(tx, now, &entry.asset(asset))?;
        }
        Some(ApprovalChange::Withdrawn) => {
            report.withdrawn_approvals += 1;
            let entry = Entry::new(
                "approval_withdrawn_in_photoshelter",
                format!("The approval of {file_name} was taken back in PhotoShelter"),
            );
            activity::log(tx, now, &entry.asset(asset))?;
        }
        None => {}
    }
    Ok(())
}

/// Images that left a gallery: their approval signal may have changed, and one in no
/// gallery any more is looked up (a deleted image is marked deleted, its links flagged).
async fn settle_left(
    ctx: &Ctx<'_>,
    source: &PhotoShelterSource,
    outcome: &mut Outcome,
    first: bool,
) -> Result<(), SyncError> {
    let signal = &ctx.config.approval.signal;
    for &asset in &outcome.left {
        let (ps_id, orphan) = ctx
            .cache
            .with_conn(|c| Ok((tree::ps_id_of(c, asset)?, tree::is_orphan(c, asset)?)))?;
        let Some(ps_id) = ps_id else {
            continue;
        };
        if orphan {
            let image = ImageId::new(ps_id.clone());
            let fields = Fields::of(["image_id"]);
            let lookup = source.client.image(&image, Some(&fields), None);
            let found = ctx
                .fetch(PS, || format!("looking up image {ps_id}"), async {
                    match lookup.await {
                        Ok(_) => Ok(true),
                        Err(e) if e.is_not_found() => Ok(false),
                        Err(e) => Err(e),
                    }
                })
                .await?;
            if !found {
                ctx.write(|tx| {
                    let now = chrono::Utc::now();
                    if assets::mark_deleted(tx, &ps_id, now)?.is_some() {
                        outcome.report.assets.deleted += 1;
                        if !first {
                            let entry = Entry::new(
                                "asset_deleted",
                                format!("Image {ps_id} was deleted in PhotoShelter"),
                            );
                            activity::log(tx, now, &entry.asset(asset))?;
                        }
                    }
                    Ok(())
                })?;
                continue;
            }
        }
        if matches!(signal, ApprovalSignal::Gallery { .. }) {
            ctx.write(|tx| {
                let change = apply_signal(tx, asset, signal, false, chrono::Utc::now())?;
                note_approval(tx, change, asset, &ps_id, &mut outcome.report)
            })?;
        }
    }
    Ok(())
}
