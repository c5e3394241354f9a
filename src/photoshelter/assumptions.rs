//! Every PhotoShelter call this client makes at a shape that `sim/ASSUMPTIONS.md` decides
//! (because the API documents say ASSUMPTION or "not found"), in one place, with the id of
//! the decision. Check these first against a customer's real account; correcting a path
//! here corrects the client.

/// Error classes of the P1 envelope `{"status":"error","error":{"class","message"}}`.
pub const CLASS_SESSION_REQUIRED: &str = "SessionRequiredErr";
/// P1: missing or wrong API key.
pub const CLASS_INVALID_API_KEY: &str = "InvalidApiKeyErr";

/// P2: lists are paged with `page`/`per_page`; the client follows `Paging.next` only.
pub const MAX_PER_PAGE: u32 = 1000;

/// P4: leave the organization and go back to the personal account.
pub const ORG_LOGOUT: &str = "/psapi/v3/mem/organization/logout";

/// P5: multipart upload (`file` parts, `gallery_id`, `f_searchable`); `data.Image` is a
/// list of the new image records.
pub const UPLOAD: &str = "/psapi/v3/mem/image/upload";

/// P6: create a gallery (`name`, `parent`, `f_list`, `mode`) → `data.Gallery`.
pub const GALLERY_INSERT: &str = "/psapi/v3/mem/gallery/insert";

/// P7: add existing images to a gallery (`image_id` comma list) → `data.GalleryImage[]`.
pub const GALLERY_IMAGES_INSERT: &str = "/psapi/v3/mem/gallery/{gallery_id}/images/insert";

/// P8: write IPTC fields (form params named like the `Iptc` fields; `keyword` replaces the
/// whole list) → `data.Iptc`.
pub const IPTC_UPDATE: &str = "/psapi/v3/mem/image/{image_id}/iptc/update";

/// P10: licence dates and type → `data.License`.
pub const LICENSE: &str = "/psapi/v3/mem/image/{image_id}/license";

/// P11: XMP read; the path is CODE, the flat `prefix:Name` shape of `data.Xmp` is P11.
pub const XMP: &str = "/psapi/v3/mem/image/{image_id}/xmp";

/// P12: the custom metadata extension on `Image` (`[{name, value}]`).
pub const CUSTOM_METADATA_EXTENSION: &str = "CustomMetadata";
/// P12: default name of the custom field holding usage regions (a client setting).
pub const USAGE_REGIONS_FIELD: &str = "Usage Regions";
/// P12: default name of the custom field holding usage channels (a client setting).
pub const USAGE_CHANNELS_FIELD: &str = "Usage Channels";

/// P13: create (`POST`: `recipients`, `expires_at`, `message`) and list (`GET`) shares.
pub const GALLERY_SHARE: &str = "/psapi/v3/mem/gallery/{gallery_id}/share";

/// P15: a rendition of any size, built from `ImageLink.base` and `ImageLink.token`.
pub const RENDITION: &str = "{base}/sec={token}/{mode}={width}x{height}/{file_name}";

/// One call at an assumed shape, for the README table and for checks.
#[derive(Debug, Clone, Copy)]
pub struct AssumedCall {
    pub id: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub what: &'static str,
}

/// Every call above, in the order of `sim/ASSUMPTIONS.md`.
pub const CALLS: &[AssumedCall] = &[
    AssumedCall {
        id: "P1",
        method: "any",
        path: "(error envelope)",
        what: "error classes SessionRequiredErr (401), InvalidApiKeyErr (403), RateLimitErr (429)",
    },
    AssumedCall {
        id: "P2",
        method: "GET",
        path: "(lists)",
        what: "Paging.next drives paging; per_page at most 1000",
    },
    AssumedCall {
        id: "P3",
        method: "any",
        path: "(timestamps)",
        what: "`YYYY-MM-DD HH:MM:SS UTC`; other zones parsed too",
    },
    AssumedCall {
        id: "P4",
        method: "POST",
        path: ORG_LOGOUT,
        what: "leave the organization",
    },
    AssumedCall {
        id: "P5",
        method: "POST",
        path: UPLOAD,
        what: "upload answer: data.Image is a list",
    },
    AssumedCall {
        id: "P6",
        method: "POST",
        path: GALLERY_INSERT,
        what: "create a gallery",
    },
    AssumedCall {
        id: "P7",
        method: "POST",
        path: GALLERY_IMAGES_INSERT,
        what: "add existing images to a gallery",
    },
    AssumedCall {
        id: "P8",
        method: "POST",
        path: IPTC_UPDATE,
        what: "write keywords and IPTC fields",
    },
    AssumedCall {
        id: "P9",
        method: "GET",
        path: "/psapi/v3/mem/image/{image_id}/iptc",
        what: "Iptc also holds usage_terms, expiration_date, job_identifier",
    },
    AssumedCall {
        id: "P10",
        method: "GET",
        path: LICENSE,
        what: "licence start, end and type",
    },
    AssumedCall {
        id: "P11",
        method: "GET",
        path: XMP,
        what: "XMP as a flat prefix:Name map",
    },
    AssumedCall {
        id: "P12",
        method: "GET",
        path: "/psapi/v3/mem/image/{image_id}?extend={\"CustomMetadata\":{}}",
        what: "usage regions and channels as custom metadata",
    },
    AssumedCall {
        id: "P13",
        method: "GET+POST",
        path: GALLERY_SHARE,
        what: "list and create shares",
    },
    AssumedCall {
        id: "P14",
        method: "any",
        path: "(sessions)",
        what: "expired token = 401 SessionRequiredErr; the client signs in again once",
    },
    AssumedCall {
        id: "P15",
        method: "GET",
        path: RENDITION,
        what: "renditions of any size",
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
    fn every_assumed_path_is_listed_once() {
        for path in [
            ORG_LOGOUT,
            UPLOAD,
            GALLERY_INSERT,
            GALLERY_IMAGES_INSERT,
            IPTC_UPDATE,
            LICENSE,
            XMP,
            GALLERY_SHARE,
            RENDITION,
        ] {
            assert_eq!(CALLS.iter().filter(|c| c.path == path).count(), 1, "{path}");
        }
    }

    #[test]
    fn templates_fill_their_placeholder() {
        assert_eq!(
            fill(IPTC_UPDATE, "image_id", "I0000abc"),
            "/psapi/v3/mem/image/I0000abc/iptc/update"
        );
    }
}
