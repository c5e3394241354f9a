//! Objects: list (a stream over offset/limit), get, create/update (PATCH arrays), delete,
//! and the small query language of A3 (`field op 'value'` joined with ` AND `).

use super::assumptions::{MAX_LIMIT, MOD_TIME_FIELD, QUERY_PARAM, SORT_PARAM};
use super::client::AllportalClient;
use super::object::{Object, ObjectId};
use super::patch::ObjectPatch;
use crate::net::{ApiError, Replay, path_segment};
use chrono::{DateTime, SecondsFormat, Utc};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::Deserialize;

/// A filter: conditions joined with ` AND ` (A3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<String>);

fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    fn cond(mut self, field: &str, op: &str, value: &str) -> Self {
        self.0.push(format!("{field} {op} {}", quote(value)));
        self
    }

    pub fn eq(self, field: &str, value: &str) -> Self {
        self.cond(field, "=", value)
    }
    pub fn ne(self, field: &str, value: &str) -> Self {
        self.cond(field, "!=", value)
    }
    pub fn gt(self, field: &str, value: &str) -> Self {
        self.cond(field, ">", value)
    }
    pub fn ge(self, field: &str, value: &str) -> Self {
        self.cond(field, ">=", value)
    }
    pub fn lt(self, field: &str, value: &str) -> Self {
        self.cond(field, "<", value)
    }
    pub fn le(self, field: &str, value: &str) -> Self {
        self.cond(field, "<=", value)
    }
    pub fn starts(self, field: &str, value: &str) -> Self {
        self.cond(field, "STARTS", value)
    }
    pub fn contains(self, field: &str, value: &str) -> Self {
        self.cond(field, "CONTAINS", value)
    }
    pub fn is_in(mut self, field: &str, values: &[&str]) -> Self {
        let list: Vec<String> = values.iter().map(|v| quote(v)).collect();
        self.0.push(format!("{field} IN ({})", list.join(",")));
        self
    }

    /// Objects changed after `since` (the incremental read of A3).
    pub fn changed_after(self, since: DateTime<Utc>) -> Self {
        self.gt(
            MOD_TIME_FIELD,
            &since.to_rfc3339_opts(SecondsFormat::Millis, true),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(" AND "))
    }
}

/// How to list objects.
#[derive(Debug, Clone)]
pub struct ListOptions {
    /// Fields to return; empty = all (A3).
    pub fields: Vec<String>,
    pub query: Option<Query>,
    /// `field:asc|desc`; the server's default is `id:asc`.
    pub sort: Option<String>,
    /// Objects per page (at most 500, A3).
    pub page_size: u32,
}

impl Default for ListOptions {
    fn default() -> Self {
        Self {
            fields: Vec::new(),
            query: None,
            sort: None,
            page_size: 200,
        }
    }
}

impl ListOptions {
    /// Objects changed after `since`, oldest change first.
    pub fn changed_after(since: DateTime<Utc>) -> Self {
        Self {
            query: Some(Query::new().changed_after(since)),
            sort: Some(format!("{MOD_TIME_FIELD}:asc")),
            ..Self::default()
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawPage {
    #[serde(default, deserialize_with = "crate::net::lenient::opt_u64")]
    total_count: Option<u64>,
    #[serde(default)]
    result: Vec<Object>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectsPage {
    pub objects: Vec<Object>,
    /// How many objects match, as the server counts them (`totalCount=true`).
    pub total_count: Option<u64>,
    /// The offset of the next page; `None` on the last.
    pub next_offset: Option<u64>,
}

fn objects_path(module: &str) -> String {
    format!("/api/modules/{}/objects", path_segment(module))
}

fn fields_query(fields: &[String]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|f| ("fields".to_string(), f.clone()))
        .collect()
}

impl AllportalClient {
    /// The page of `module`'s objects at `offset` (callers that commit page by page).
    pub async fn objects_page(
        &self,
        module: &str,
        options: &ListOptions,
        offset: u64,
    ) -> Result<ObjectsPage, ApiError> {
        let limit = options.page_size.min(MAX_LIMIT);
        let mut query = fields_query(&options.fields);
        if let Some(q) = options.query.as_ref().filter(|q| !q.is_empty()) {
            query.push((QUERY_PARAM.into(), q.to_string()));
        }
        if let Some(sort) = &options.sort {
            query.push((SORT_PARAM.into(), sort.clone()));
        }
        query.push(("totalCount".into(), "true".into()));
        query.push(("offset".into(), offset.to_string()));
        query.push(("limit".into(), limit.to_string()));
        let page: RawPage = self
            .api_json(
                Method::GET,
                &objects_path(module),
                &query,
                None,
                Replay::Safe,
            )
            .await?;
        let got = page.result.len() as u64;
        let next = offset + got;
        let more =
            limit > 0 && got == u64::from(limit) && page.total_count.is_none_or(|t| next < t);
        Ok(ObjectsPage {
            objects: page.result,
            total_count: page.total_count,
            next_offset: more.then_some(next),
        })
    }

    /// How many objects of `module` match `query` (a `limit=0` list).
    pub async fn count(&self, module: &str, query: Option<&Query>) -> Result<u64, ApiError> {
        let options = ListOptions {
            fields: vec!["id".into()],
            query: query.cloned(),
            page_size: 0,
            ..ListOptions::default()
        };
        let page = self.objects_page(module, &options, 0).await?;
        page.total_count.ok_or_else(|| {
            crate::net::body::parse_error(
                crate::net::Service::Allportal,
                &format!("GET {}", objects_path(module)),
                "total_count",
                "the answer to totalCount=true has no count".to_string(),
            )
        })
    }

    /// The objects of `module`, page after page.
    pub fn objects(
        &self,
        module: &str,
        options: &ListOptions,
    ) -> BoxStream<'static, Result<Object, ApiError>> {
        let client = self.clone();
        let module = module.to_owned();
        let options = ListOptions {
            page_size: options.page_size.clamp(1, MAX_LIMIT),
            ..options.clone()
        };
        stream::try_unfold(Some(0u64), move |offset| {
            let (client, module, options) = (client.clone(), module.clone(), options.clone());
            async move {
                let Some(offset) = offset else {
                    return Ok(None);
                };
                let page = client.objects_page(&module, &options, offset).await?;
                Ok(Some((page.objects, page.next_offset)))
            }
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    /// All matching objects, collected.
    pub async fn objects_all(
        &self,
        module: &str,
        options: &ListOptions,
    ) -> Result<Vec<Object>, ApiError> {
        self.objects(module, options).try_collect().await
    }

    /// One object; `fields` empty = all fields.
    pub async fn object(
        &self,
        module: &str,
        id: &ObjectId,
        fields: &[String],
    ) -> Result<Object, ApiError> {
        let path = format!("{}/{}", objects_path(module), path_segment(id.as_str()));
        self.api_json(
            Method::GET,
            &path,
            &fields_query(fields),
            None,
            Replay::Safe,
        )
        .await
    }

    /// Creates or updates objects in one PATCH (A4); returns their ids in order. Retried
    /// only when every item names its id (then a repeat changes nothing more).
    pub async fn upsert(
        &self,
        module: &str,
        patches: &[ObjectPatch],
    ) -> Result<Vec<ObjectId>, ApiError> {
        if patches.is_empty() {
            return Ok(Vec::new());
        }
        let replay = if patches.iter().all(|p| p.id.is_some()) {
            Replay::Safe
        } else {
            Replay::Unsafe
        };
        let body = serde_json::to_vec(patches).map_err(|e| ApiError::invalid(e.to_string()))?;
        let path = objects_path(module);
        self.api_json(Method::PATCH, &path, &[], Some(body), replay)
            .await
    }

    /// Creates one object with a client-chosen id (so a retry cannot make a second one).
    pub async fn create(&self, module: &str, patch: ObjectPatch) -> Result<ObjectId, ApiError> {
        let mut patch = patch;
        let id = patch.id.get_or_insert_with(ObjectId::random).clone();
        let ids = self.upsert(module, &[patch]).await?;
        Ok(ids.into_iter().next().unwrap_or(id))
    }

    /// Deletes an object; `false` when it was not there (already deleted).
    pub async fn delete(&self, module: &str, id: &ObjectId) -> Result<bool, ApiError> {
        let path = format!("{}/{}", objects_path(module), path_segment(id.as_str()));
        let url = self.url(&path)?;
        let spec = crate::net::http::CallSpec {
            method: &Method::DELETE,
            path: &path,
            replay: Replay::Safe,
            transfer: false,
        };
        let result = self
            .api(spec, |c| Ok(c.delete(url.clone())), |_r| async { Ok(()) })
            .await;
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_read_like_the_connector_conditions() {
        let q = Query::new()
            .eq("article_number", "A-1000")
            .is_in("status", &["draft", "active"]);
        assert_eq!(
            q.to_string(),
            "article_number = 'A-1000' AND status IN ('draft','active')"
        );
    }

    #[test]
    fn quotes_inside_values_are_doubled() {
        assert_eq!(
            Query::new().eq("name", "Kid's hoodie").to_string(),
            "name = 'Kid''s hoodie'"
        );
    }

    #[test]
    fn the_incremental_read_filters_and_sorts_on_mod_time() {
        let since = DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let options = ListOptions::changed_after(since);
        assert_eq!(
            options.query.unwrap().to_string(),
            "mod_time > '2024-05-01T00:00:00.000Z'"
        );
        assert_eq!(options.sort.as_deref(), Some("mod_time:asc"));
    }
}
