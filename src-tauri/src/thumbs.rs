//! The `thumb` URI scheme (`thumb://localhost/…`, on Windows `http://thumb.localhost/…`):
//! each request is answered asynchronously by core's `Thumbnails::respond`, so thumbnails
//! reach the webview as image responses, never as bytes over IPC.

use crate::WorkspaceState;
use shelflink::thumbs::{ThumbError, ThumbResponse, Thumbnails};
use tauri::http::{self, Method, header};
use tauri::{Builder, Manager, Runtime};

/// Registers the scheme on `builder`.
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.register_asynchronous_uri_scheme_protocol(
        shelflink::thumbs::uri::SCHEME,
        |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            tauri::async_runtime::spawn(async move {
                let thumbs = thumbnails_when_open(&app.state::<WorkspaceState>()).await;
                responder.respond(respond(thumbs, &request).await);
            });
        },
    )
}

/// The workspace's thumbnails, or why there are none.
pub fn thumbnails(state: &WorkspaceState) -> Result<Thumbnails, ThumbError> {
    let workspace = state
        .get()
        .map_err(|err| ThumbError::Unavailable(err.message))?;
    workspace.thumbnails().cloned()
}

/// The workspace's thumbnails once it is open (a request made while it opens waits).
pub async fn thumbnails_when_open(state: &WorkspaceState) -> Result<Thumbnails, ThumbError> {
    state
        .ready()
        .await
        .map_err(|err| ThumbError::Unavailable(err.message))?;
    thumbnails(state)
}

/// Answers one request of the scheme.
pub async fn respond(
    thumbs: Result<Thumbnails, ThumbError>,
    request: &http::Request<Vec<u8>>,
) -> http::Response<Vec<u8>> {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return http::Response::builder()
            .status(http::StatusCode::METHOD_NOT_ALLOWED)
            .header(header::ALLOW, "GET, HEAD")
            .body(Vec::new())
            .expect("a fixed response");
    }
    let answer = match thumbs {
        Ok(thumbs) => {
            let uri = request.uri();
            let if_none_match = request
                .headers()
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok());
            thumbs.respond(uri.path(), uri.query(), if_none_match).await
        }
        Err(err) => ThumbResponse::error(&err),
    };
    let mut response = http::Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        response = response.header(*name, value);
    }
    let body = if head {
        Vec::new()
    } else {
        answer.body.to_vec()
    };
    response.body(body).unwrap_or_else(|err| {
        tracing::error!("cannot build a thumbnail response: {err}");
        http::Response::builder()
            .status(http::StatusCode::INTERNAL_SERVER_ERROR)
            .body(Vec::new())
            .expect("a fixed response")
    })
}
