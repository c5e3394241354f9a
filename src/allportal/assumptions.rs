//! Every 4ALLPORTAL call this client makes at a shape that `sim/ASSUMPTIONS.md` decides
//! (because the API document says ASSUMPTION or "not found"), in one place, with the id of
//! the decision. Check these first against a customer's instance (its OpenAPI document
//! settles most of them); correcting a value here corrects the client.

/// A1: `/api` errors are Spring Boot's `{"timestamp","status","error","message","path"}`.
pub const ERROR_MESSAGE_KEY: &str = "message";

/// A3: at most this many objects per list page (400 above).
pub const MAX_LIMIT: u32 = 500;
/// A3: the filter parameter (`field op 'value'`, joined with ` AND `).
pub const QUERY_PARAM: &str = "query";
/// A3: the sort parameter (`field:asc|desc`).
pub const SORT_PARAM: &str = "sort";
/// A3 / document §5: incremental reads filter on the pseudo-field `mod_time`.
pub const MOD_TIME_FIELD: &str = "mod_time";

/// A8: multipart upload (`file`, `parent_path`, optional JSON part `fields`) → 201 + object.
pub const UPLOAD: &str = "/api/modules/file/upload";
/// A8: the folder uploads go to unless the mapping names another.
pub const DEFAULT_UPLOAD_FOLDER: &str = "/Shelflink/";

/// A9: replace the binary of a file (raw body) → the updated object.
pub const REPLACE_ORIGINAL: &str = "/api/modules/file/objects/{id}/media/original";

/// A10: the derivates of an object.
pub const MEDIA_LIST: &str = "/api/modules/{module}/objects/{id}/media";
/// A10 usages (the download path A6 itself is CODE).
pub const USAGE_ORIGINAL: &str = "Original";
pub const USAGE_SMALL: &str = "small";
pub const USAGE_MEDIUM: &str = "medium";
pub const USAGE_LARGE: &str = "large";

/// A11: the module tasks (owner notifications) are created in.
pub const TASK_MODULE: &str = "task";

/// A12: the PAP connectors of the events feed, per module.
pub const PRODUCT_CONNECTOR: &str = "shelflink_product";
pub const FILE_CONNECTOR: &str = "shelflink_file";
/// A12: the legacy message that says the connector's configuration changed.
pub const CONFIG_HASH_MISMATCH: &str = "config hash mismatch";

/// One call at an assumed shape, for the README table and for checks.
#[derive(Debug, Clone, Copy)]
pub struct AssumedCall {
    pub id: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub what: &'static str,
}

/// Every assumed call, in the order of `sim/ASSUMPTIONS.md`.
pub const CALLS: &[AssumedCall] = &[
    AssumedCall {
        id: "A1",
        method: "any",
        path: "/api/...",
        what: "Spring Boot error JSON; 401 API key refused or session expired, 429 with Retry-After",
    },
    AssumedCall {
        id: "A2",
        method: "POST",
        path: "/service/usermanagement/login",
        what: "{code:0, session} and Cookie CESESSID on /api; 30 min idle expiry",
    },
    AssumedCall {
        id: "A3",
        method: "GET",
        path: "/api/modules/{module}/objects?query=…&sort=…",
        what: "limit at most 500; `mod_time > '…'` for incremental reads",
    },
    AssumedCall {
        id: "A4",
        method: "PATCH",
        path: "/api/modules/{module}/objects",
        what: "values as text; partial update; a batch is validated whole",
    },
    AssumedCall {
        id: "A5",
        method: "PATCH",
        path: "/api/modules/product/objects",
        what: "product fields, images/main_image/image_roles relation, photoshelter_ids/urls back-links (default mapping)",
    },
    AssumedCall {
        id: "A6",
        method: "GET",
        path: "/api/modules/{category,user}/objects",
        what: "category name/path, user username/email/display_name (default mapping)",
    },
    AssumedCall {
        id: "A7",
        method: "GET",
        path: "/api/modules/file/objects?query=photoshelter_id = '…'",
        what: "file fields incl. photoshelter_id and rights fields (default mapping)",
    },
    AssumedCall {
        id: "A8",
        method: "POST",
        path: UPLOAD,
        what: "multipart file upload",
    },
    AssumedCall {
        id: "A9",
        method: "PUT",
        path: REPLACE_ORIGINAL,
        what: "replace a file's binary",
    },
    AssumedCall {
        id: "A10",
        method: "GET",
        path: MEDIA_LIST,
        what: "derivates Original, small, medium, large",
    },
    AssumedCall {
        id: "A11",
        method: "PATCH",
        path: "/api/modules/task/objects",
        what: "tasks to notify product owners",
    },
    AssumedCall {
        id: "A12",
        method: "POST",
        path: "/rest/PAPRemoteService/getEvents",
        what: "connectors shelflink_product / shelflink_file; config hash mismatch message",
    },
];

/// Fills `{placeholder}` in a path template with an already safe path segment.
pub(crate) fn fill(template: &str, placeholder: &str, value: &str) -> String {
    template.replace(&format!("{{{placeholder}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_is_listed_once_in_order() {
        let ids: Vec<&str> = CALLS.iter().map(|c| c.id).collect();
        let expected: Vec<String> = (1..=12).map(|n| format!("A{n}")).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn templates_fill_their_placeholders() {
        let path = fill(fill(MEDIA_LIST, "module", "file").as_str(), "id", "f-1");
        assert_eq!(path, "/api/modules/file/objects/f-1/media");
    }
}
