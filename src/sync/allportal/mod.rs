//! The 4ALLPORTAL side of a sync: categories and users first (products name them), then
//! files and products. Changes are found
//!
//! - with the connector events feed (A12) from a saved cursor, when the account has a
//!   password and the mapping names a connector: each batch of events is one page (the
//!   changed objects are read by id, deletions applied, the cursor saved, one transaction);
//! - otherwise by `mod_time`: the objects changed after the saved `mod_time`, oldest first,
//!   page by page, each page committing the cursor (keyset paging: `mod_time` is unique and
//!   strictly increasing, A13, so no object is skipped when others change meanwhile).
//!   Deletions have no feed there: when the number of objects 4ALLPORTAL counts differs from
//!   the cache's, the ids are listed and the missing ones marked deleted.
//!
//! A module without an events cursor yet is read whole by `mod_time` after the feed was read
//! to its end (which also applies the deletions it holds), so the cursor taken first covers
//! every change made while the listing ran.

mod apply;
mod map;

use super::SyncError;
use super::config::AllportalSource;
use super::context::Ctx;
use super::progress::Side;
use super::report::{AllportalReport, Changes, Feed};
use crate::allportal::{EventKind, ListOptions, ObjectId, Query};
use crate::cache::catalog::files;
use crate::cache::catalog::state::{self, Progress};
use crate::cache::time::{from_db, to_db};
use crate::net::Service;
use apply::Kind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const AP: Service = Service::Allportal;
/// Events per `getEvents` call at most (A12).
const EVENT_BATCH: usize = 1000;
/// Ids per `id IN (…)` read.
const IDS_PER_READ: usize = 100;

/// The progress of establishing a module's events feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Establish {
    config_hash: String,
    /// The last event read so far.
    last_event: u64,
    /// The feed was read to its end (the listing by `mod_time` comes next).
    events_read: bool,
}

pub(crate) async fn sync(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    first: bool,
) -> Result<AllportalReport, SyncError> {
    let mut report = AllportalReport::default();
    let (categories, users) = futures::try_join!(
        module(ctx, source, Kind::Category, first),
        module(ctx, source, Kind::User, first),
    )?;
    let (files, products) = futures::try_join!(
        module(ctx, source, Kind::File, first),
        module(ctx, source, Kind::Product, first),
    )?;
    report.categories = categories.changes;
    report.users = users.changes;
    report.files = files.changes;
    report.product_feed = Some(products.feed);
    report.products = products.changes;
    report.pages = categories.pages + users.pages + files.pages + products.pages;
    Ok(report)
}

struct Module {
    changes: Changes,
    feed: Feed,
    pages: u32,
}

fn filter(kind: Kind, source: &AllportalSource) -> Option<Query> {
    (kind == Kind::File).then(|| Query::new().ne(&source.mapping.file.photoshelter_id, ""))
}

fn events_scope(connector: &str) -> String {
    format!("events:{connector}")
}

fn scan_scope(module: &str) -> String {
    format!("mod_time:{module}")
}

async fn module(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    first: bool,
) -> Result<Module, SyncError> {
    let mut out = Module {
        changes: Changes::default(),
        feed: Feed::ModTime,
        pages: 0,
    };
    let connector = kind
        .connector(&source.mapping)
        .filter(|_| source.client.has_password());
    let Some(connector) = connector else {
        scan(ctx, source, kind, first, &mut out).await?;
        sweep_deleted(ctx, source, kind, first, &mut out).await?;
        return Ok(out);
    };
    out.feed = Feed::Events;
    let config = ctx
        .fetch(
            AP,
            || format!("reading the configuration of connector {connector}"),
            source.client.connector_config(connector),
        )
        .await?;
    let hash = config.config_hash;
    let saved = ctx
        .cache
        .with_conn(|c| state::cursor(c, AP, &events_scope(connector)))?
        .and_then(|c| {
            let (id, h) = c.split_once('|')?;
            Some((id.parse::<u64>().ok()?, h.to_owned()))
        });
    match saved {
        Some((last, saved_hash)) if saved_hash == hash && !ctx.config.full => {
            follow(ctx, source, kind, connector, &hash, last, first, &mut out).await?;
        }
        _ => establish(ctx, source, kind, connector, &hash, first, &mut out).await?,
    }
    Ok(out)
}

/// Reads the module by `mod_time` from the saved cursor (from the start when there is
/// none, or for a full sync), one transaction per page.
async fn scan(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    first: bool,
    out: &mut Module,
) -> Result<(), SyncError> {
    let module = kind.module(&source.mapping).to_owned();
    let scope = scan_scope(&module);
    let mut after: Option<String> = if ctx.config.full {
        None
    } else {
        ctx.cache.with_conn(|c| state::cursor(c, AP, &scope))?
    };
    ctx.tracker.step(Side::Allportal, kind.words());
    let mut read_before = 0u64;
    loop {
        let mut query = filter(kind, source).unwrap_or_default();
        if let Some(t) = after.as_deref().and_then(from_db) {
            query = query.changed_after(t);
        }
        let options = ListOptions {
            query: Some(query),
            sort: Some(format!(
                "{}:asc",
                crate::allportal::assumptions::MOD_TIME_FIELD
            )),
            page_size: ctx.config.allportal_page,
            ..ListOptions::default()
        };
        let page = ctx
            .fetch(
                AP,
                || {
                    format!(
                        "reading {} changed since {}",
                        kind.words(),
                        after.as_deref().unwrap_or("the start")
                    )
                },
                source.client.objects_page(&module, &options, 0),
            )
            .await?;
        ctx.tracker.part(
            Side::Allportal,
            kind.words(),
            page.total_count.map(|t| t + read_before),
        );
        let count = page.objects.len();
        let last_time = page.objects.iter().filter_map(|o| o.mod_time).max();
        ctx.write(|tx| {
            let wctx = ctx.write_ctx();
            apply::objects(
                tx,
                kind,
                &page.objects,
                &source.mapping,
                &wctx,
                first,
                &mut out.changes,
            )?;
            if let Some(t) = last_time {
                state::set_cursor(tx, AP, &scope, &to_db(t), wctx.now)?;
            }
            Ok(())
        })?;
        out.pages += 1;
        read_before += count as u64;
        ctx.tracker.page(Side::Allportal, count as u64);
        if page.next_offset.is_none() || last_time.is_none() {
            return Ok(());
        }
        after = last_time.map(to_db);
    }
}

/// Without an events feed: finds deleted objects by comparing counts, then ids.
async fn sweep_deleted(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    first: bool,
    out: &mut Module,
) -> Result<(), SyncError> {
    let module = kind.module(&source.mapping).to_owned();
    let query = filter(kind, source);
    let remote = ctx
        .fetch(
            AP,
            || format!("counting {}", kind.words()),
            source.client.count(&module, query.as_ref()),
        )
        .await?;
    let local: Vec<String> = ctx.cache.with_conn(|c| {
        if kind == Kind::Product {
            crate::cache::catalog::products::live_ids(c)
        } else {
            files::live_ids(c, kind.table())
        }
    })?;
    if remote == local.len() as u64 {
        return Ok(());
    }
    ctx.tracker.step(Side::Allportal, "deleted objects");
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut offset = 0;
    loop {
        let options = ListOptions {
            fields: vec!["id".into()],
            query: query.clone(),
            sort: Some("id:asc".into()),
            page_size: crate::allportal::assumptions::MAX_LIMIT,
        };
        let page = ctx
            .fetch(
                AP,
                || format!("listing the ids of {}", kind.words()),
                source.client.objects_page(&module, &options, offset),
            )
            .await?;
        out.pages += 1;
        ids.extend(page.objects.iter().map(|o| o.id.as_str().to_owned()));
        match page.next_offset {
            Some(next) => offset = next,
            None => break,
        }
    }
    ctx.write(|tx| {
        let wctx = ctx.write_ctx();
        for gone in local.iter().filter(|id| !ids.contains(*id)) {
            apply::deleted(tx, kind, gone, &wctx, first, &mut out.changes)?;
        }
        Ok(())
    })
}

/// Reads the objects named by `ids` (all of them, whatever the module's filter).
async fn read_ids(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    ids: &[ObjectId],
) -> Result<Vec<crate::allportal::Object>, SyncError> {
    let module = kind.module(&source.mapping).to_owned();
    let mut objects = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_READ) {
        let list: Vec<&str> = chunk.iter().map(ObjectId::as_str).collect();
        let options = ListOptions {
            query: Some(Query::new().is_in("id", &list)),
            page_size: crate::allportal::assumptions::MAX_LIMIT,
            ..ListOptions::default()
        };
        let page = ctx
            .fetch(
                AP,
                || format!("reading {} changed {}", chunk.len(), kind.words()),
                source.client.objects_page(&module, &options, 0),
            )
            .await?;
        objects.extend(page.objects);
    }
    Ok(objects)
}

/// Follows the events feed from event `last`, one batch per transaction.
#[allow(clippy::too_many_arguments)]
async fn follow(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    connector: &str,
    hash: &str,
    mut last: u64,
    first: bool,
    out: &mut Module,
) -> Result<(), SyncError> {
    ctx.tracker.step(Side::Allportal, kind.words());
    loop {
        let batch = ctx
            .fetch(
                AP,
                || format!("reading the events of {connector} after {last}"),
                source.client.events(connector, last + 1, hash),
            )
            .await?;
        let Some(max) = batch.iter().map(|e| e.id).max().filter(|m| *m > last) else {
            return Ok(());
        };
        let changed: Vec<ObjectId> = batch
            .iter()
            .filter(|e| e.kind != EventKind::Deleted)
            .map(|e| e.object_id.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let deleted: Vec<ObjectId> = batch
            .iter()
            .filter(|e| e.kind == EventKind::Deleted)
            .map(|e| e.object_id.clone())
            .collect();
        let objects = read_ids(ctx, source, kind, &changed).await?;
        let full_batch = batch.len() >= EVENT_BATCH;
        ctx.write(|tx| {
            let wctx = ctx.write_ctx();
            apply::objects(
                tx,
                kind,
                &objects,
                &source.mapping,
                &wctx,
                first,
                &mut out.changes,
            )?;
            for id in &deleted {
                apply::deleted(tx, kind, id.as_str(), &wctx, first, &mut out.changes)?;
            }
            state::set_cursor(
                tx,
                AP,
                &events_scope(connector),
                &format!("{max}|{hash}"),
                wctx.now,
            )?;
            Ok(())
        })?;
        out.pages += 1;
        ctx.tracker.page(Side::Allportal, batch.len() as u64);
        last = max;
        if !full_batch {
            return Ok(());
        }
    }
}

/// Starts following the events feed: reads it to the end (applying the deletions in it,
/// keeping the last id), then lists the module by `mod_time`, then saves the cursor.
async fn establish(
    ctx: &Ctx<'_>,
    source: &AllportalSource,
    kind: Kind,
    connector: &str,
    hash: &str,
    first: bool,
    out: &mut Module,
) -> Result<(), SyncError> {
    let scope = format!("establish:{connector}");
    let saved = ctx
        .cache
        .with_conn(|c| state::progress::<Establish>(c, AP, &scope))?
        .map(|p| p.state)
        .filter(|s| s.config_hash == hash);
    let mut progress = saved.unwrap_or(Establish {
        config_hash: hash.to_owned(),
        last_event: 0,
        events_read: false,
    });
    ctx.tracker.step(Side::Allportal, "events feed");
    while !progress.events_read {
        let batch = ctx
            .fetch(
                AP,
                || format!("reading the events of {connector}"),
                source
                    .client
                    .events(connector, progress.last_event + 1, hash),
            )
            .await?;
        let max = batch
            .iter()
            .map(|e| e.id)
            .max()
            .filter(|m| *m > progress.last_event);
        progress.events_read = max.is_none() || batch.len() < EVENT_BATCH;
        if let Some(max) = max {
            progress.last_event = max;
        }
        ctx.write(|tx| {
            let wctx = ctx.write_ctx();
            for e in batch.iter().filter(|e| e.kind == EventKind::Deleted) {
                apply::deleted(
                    tx,
                    kind,
                    e.object_id.as_str(),
                    &wctx,
                    first,
                    &mut out.changes,
                )?;
            }
            let p = Progress {
                page: 0,
                done: false,
                state: progress.clone(),
            };
            state::set_progress(tx, AP, &scope, &p, wctx.now)?;
            Ok(())
        })?;
        out.pages += 1;
    }
    scan(ctx, source, kind, first, out).await?;
    ctx.write(|tx| {
        let now = chrono::Utc::now();
        let cursor = format!("{}|{hash}", progress.last_event);
        state::set_cursor(tx, AP, &events_scope(connector), &cursor, now)?;
        state::clear_scope(tx, AP, &scope)?;
        Ok(())
    })
}
