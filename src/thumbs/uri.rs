//! Thumbnail URLs, served by the app's `thumb` URI scheme:
//!
//! ```text
//! thumb://localhost/ps/{image_id}/{px}?v={fingerprint}          a PhotoShelter asset
//! thumb://localhost/ap/{module}/{object_id}/{px}?v={mod_time}  a 4ALLPORTAL file's media
//! thumb://localhost/local/{token}/{px}                         a local file (register_local)
//! ```
//!
//! On Windows (and Android) the webview spells the same scheme `http://thumb.localhost/…`; the
//! UI takes the base from Tauri's `convertFileSrc(path, "thumb")`, which percent-encodes the
//! whole path — so slashes may arrive as `%2F`. `px` is one of the [`ThumbSize`] boxes. `v`
//! lets the webview cache a URL for good: a changed file gets a new `v`, so a new URL.

use super::error::ThumbError;
use super::size::ThumbSize;
use super::source::RemoteSubject;
use crate::allportal::ObjectId;
use crate::photoshelter::ImageId;

/// The scheme name registered by the app.
pub const SCHEME: &str = "thumb";

/// The URL base on Linux and macOS.
pub const BASE: &str = "thumb://localhost/";

/// The URL base on Windows and Android.
pub const BASE_WINDOWS: &str = "http://thumb.localhost/";

/// What a thumbnail URL names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Remote(RemoteSubject),
    /// A local file registered with `Thumbnails::register_local`.
    Local {
        token: String,
    },
}

/// One parsed thumbnail URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbRequest {
    pub subject: Subject,
    pub size: ThumbSize,
    /// The fingerprint the URL was made with (`v`), if any.
    pub version: Option<String>,
}

impl ThumbRequest {
    /// Parses the path (with or without its leading `/`, percent-encoded or not) and the
    /// query of a thumbnail URL.
    pub fn parse(path: &str, query: Option<&str>) -> Result<ThumbRequest, ThumbError> {
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .map_err(|_| bad(path, "it is not UTF-8"))?;
        let parts: Vec<&str> = decoded.trim_matches('/').split('/').collect();
        let (subject, px) = match parts.as_slice() {
            ["ps", image, px] => (
                Subject::Remote(RemoteSubject::PhotoShelter {
                    image: ImageId::new(id(image, path)?),
                }),
                px,
            ),
            ["ap", module, object, px] => (
                Subject::Remote(RemoteSubject::Allportal {
                    module: id(module, path)?.to_string(),
                    id: ObjectId::new(id(object, path)?),
                }),
                px,
            ),
            ["local", token, px] => (
                Subject::Local {
                    token: id(token, path)?.to_string(),
                },
                px,
            ),
            _ => {
                return Err(bad(
                    path,
                    "expected ps/{image}/{px}, ap/{module}/{id}/{px} or local/{token}/{px}",
                ));
            }
        };
        let size = px
            .parse::<u32>()
            .ok()
            .and_then(ThumbSize::from_px)
            .ok_or_else(|| bad(path, "the size must be 160, 320, 640 or 1280"))?;
        let version = query.and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "v")
                .map(|(_, v)| v.into_owned())
                .filter(|v| !v.is_empty())
        });
        Ok(ThumbRequest {
            subject,
            size,
            version,
        })
    }

    /// The URL path and query (no leading `/`), to append to [`BASE`] or [`BASE_WINDOWS`].
    pub fn path_and_query(&self) -> String {
        let enc = |s: &str| crate::net::path_segment(s);
        let path = match &self.subject {
            Subject::Remote(RemoteSubject::PhotoShelter { image }) => {
                format!("ps/{}/{}", enc(image.as_str()), self.size.px())
            }
            Subject::Remote(RemoteSubject::Allportal { module, id }) => {
                format!("ap/{}/{}/{}", enc(module), enc(id.as_str()), self.size.px())
            }
            Subject::Local { token } => format!("local/{}/{}", enc(token), self.size.px()),
        };
        match &self.version {
            Some(v) => {
                let v: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
                format!("{path}?v={v}")
            }
            None => path,
        }
    }
}

fn id<'a>(text: &'a str, path: &str) -> Result<&'a str, ThumbError> {
    let ok = !text.is_empty()
        && text.len() <= 200
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
    if ok && text != "." && text != ".." {
        Ok(text)
    } else {
        Err(bad(
            path,
            "an id holds characters other than letters, digits and -_.~",
        ))
    }
}

fn bad(path: &str, why: &str) -> ThumbError {
    let shown: String = path.chars().take(120).collect();
    ThumbError::BadRequest(format!("{shown:?} is not a thumbnail address: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_of_address() {
        let ps = ThumbRequest::parse("/ps/I0000abc/320", Some("v=tok%7C2048")).unwrap();
        assert_eq!(
            ps.subject,
            Subject::Remote(RemoteSubject::PhotoShelter {
                image: ImageId::new("I0000abc")
            })
        );
        assert_eq!(ps.size, ThumbSize::Grid);
        assert_eq!(ps.version.as_deref(), Some("tok|2048"));
        assert_eq!(ps.path_and_query(), "ps/I0000abc/320?v=tok%7C2048");

        let ap = ThumbRequest::parse("ap/file/7f3e-11/160", None).unwrap();
        assert_eq!(
            ap.subject,
            Subject::Remote(RemoteSubject::Allportal {
                module: "file".into(),
                id: ObjectId::new("7f3e-11")
            })
        );
        assert_eq!(ap.version, None);

        let local = ThumbRequest::parse("/local/9a8b7c/1280", Some("")).unwrap();
        assert_eq!(
            local.subject,
            Subject::Local {
                token: "9a8b7c".into()
            }
        );
        assert_eq!(local.size, ThumbSize::Preview);
    }

    #[test]
    fn an_encoded_path_from_convert_file_src_is_read_too() {
        let req = ThumbRequest::parse("/ps%2FI0000abc%2F640", Some("v=x")).unwrap();
        assert_eq!(req.size, ThumbSize::Detail);
        assert_eq!(req.path_and_query(), "ps/I0000abc/640?v=x");
    }

    #[test]
    fn anything_else_is_a_bad_request() {
        for (path, why) in [
            ("/ps/I0000abc/333", "the size must be"),
            ("/ps/I0000abc", "expected ps/"),
            ("/ps/../etc/320", "expected ps/"),
            ("/local/..%2F..%2Fetc/320", "expected ps/"),
            ("/ps/a%20b/320", "an id holds"),
            ("/ps/../320", "an id holds"),
            ("/gif/x/320", "expected ps/"),
        ] {
            let err = ThumbRequest::parse(path, None).unwrap_err();
            assert!(
                matches!(&err, ThumbError::BadRequest(m) if m.contains(why)),
                "{path}: {err}"
            );
        }
    }
}
