//! The per-service concurrency cap: however many calls are made at once, at most four
//! requests (the default) are open at the service at any moment.

mod clients_support;

use clients_support::*;
use futures::future::join_all;
use shelflink::allportal::ObjectId;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server that holds each request for a moment and records the most it held at once.
async fn counting_server(open: Arc<AtomicUsize>, most: Arc<AtomicUsize>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (open, most) = (open.clone(), most.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(60)).await;
                open.fetch_sub(1, Ordering::SeqCst);
                let body = r#"{"id":"p1","article_number":[{"value":"SKU-1"}]}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_four_requests_are_open_at_once() {
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let uri = counting_server(open.clone(), most.clone()).await;
    let client = ap_client_key(&uri, fast_net());
    let id = ObjectId::from("p1");
    let calls = (0..16).map(|_| client.object("product", &id, &[]));
    let results = join_all(calls).await;
    assert!(results.iter().all(|r| {
        r.as_ref()
            .is_ok_and(|o| o.text("article_number") == Some("SKU-1"))
    }));
    let most = most.load(Ordering::SeqCst);
    assert!(most <= 4, "{most} requests were open at once");
    assert!(most >= 2, "the calls did run side by side ({most} at most)");
}
