//! Contract: API key, token and cookie login, organisation login and logout, session info,
//! idle expiry and the error envelopes (document §2, §3.2; ASSUMPTIONS P1, P4, P14).

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use serde_json::json;
use shelflink_sim::photoshelter::PhotoshelterTuning;
use std::time::Duration;

#[tokio::test]
async fn every_request_needs_the_api_key_in_the_header_or_a_parameter() {
    let ps = start().await;
    let org = format!("/organization/{ORG_ID}");
    let (status, body) = json(ps.http.get(ps.url(&org)).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "InvalidApiKeyErr");
    let (status, body) = json(
        ps.http
            .get(ps.url(&org))
            .header("X-PS-Api-Key", "wrongKey123")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "InvalidApiKeyErr");
    for header in ["X-PS-API-Key", "x-ps-api-key"] {
        let (status, body) = json(
            ps.http
                .get(ps.url(&org))
                .header(header, API_KEY)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{header}: {body}");
        assert_eq!(
            body,
            json!({"status": "ok", "data": {"Organization": {"organization_id": ORG_ID, "name": ORG_NAME}}})
        );
    }
    let (status, _) = json(
        ps.http
            .get(ps.url(&org))
            .query(&[("api_key", API_KEY)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn token_login_returns_the_documented_shape() {
    let ps = start().await;
    let (status, body) = ps
        .post(
            "/mem/authenticate",
            &[("email", EMAIL), ("password", PASSWORD), ("mode", "token")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    let data = &body["data"];
    assert_eq!(keys(data), ["org", "token", "two_factor"]);
    let token = data["token"].as_str().unwrap();
    assert_eq!(token.len(), 20);
    assert!(token.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(
        data["org"],
        json!([{"id": ORG_ID, "name": ORG_NAME, "member": "t"}])
    );
    assert_eq!(data["two_factor"], "f");
}

#[tokio::test]
async fn login_parameters_are_read_from_query_multipart_and_json_bodies() {
    let ps = start().await;
    let params = [("email", EMAIL), ("password", PASSWORD), ("mode", "token")];
    let by_query = ps
        .http
        .get(ps.url("/mem/authenticate"))
        .query(&params)
        .query(&[("api_key", API_KEY)]);
    let form = reqwest::multipart::Form::new()
        .text("email", EMAIL)
        .text("password", PASSWORD)
        .text("mode", "token");
    let by_multipart = ps
        .http
        .post(ps.url("/mem/authenticate"))
        .header("X-PS-Api-Key", API_KEY)
        .multipart(form);
    let by_json = ps
        .http
        .post(ps.url("/mem/authenticate"))
        .header("X-PS-Api-Key", API_KEY)
        .json(&json!({"email": EMAIL, "password": PASSWORD, "mode": "token"}));
    for req in [by_query, by_multipart, by_json] {
        let (status, body) = json(req.send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"]["token"].as_str().unwrap().len(), 20);
    }
}

#[tokio::test]
async fn wrong_credentials_and_missing_tokens_get_error_envelopes() {
    let mut ps = start().await;
    let (status, body) = ps
        .post(
            "/mem/authenticate",
            &[("email", EMAIL), ("password", "nope"), ("mode", "token")],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "InvalidCredentialsErr");
    let (status, body) = ps.get("/mem/collection/root", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
    ps.token = Some("notARealToken0000000".into());
    let (status, body) = ps.get("/mem/collection/root", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
    let (status, body) = ps.get("/mem/no/such/endpoint", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NotFoundErr");
}

#[tokio::test]
async fn the_library_is_the_organisations_after_organisation_login_and_until_org_logout() {
    let mut ps = start().await;
    let (_, body) = ps
        .post(
            "/mem/authenticate",
            &[("email", EMAIL), ("password", PASSWORD), ("mode", "token")],
        )
        .await;
    ps.token = Some(body["data"]["token"].as_str().unwrap().to_owned());
    let personal = ps.data("/mem/collection/root/children", &[]).await;
    assert_eq!(
        personal["Children"],
        json!({"Collection": [], "Gallery": []})
    );

    let (status, body) = ps
        .get("/mem/organization/O0000NotMyOrg000/authenticate", &[])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "PermissionErr");

    let (status, body) = ps
        .post(&format!("/mem/organization/{ORG_ID}/authenticate"), &[])
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"status": "ok", "data": {}}))
    );
    let org = ps
        .data("/mem/collection/root/children", &[("fields", "name")])
        .await;
    let names: Vec<_> = org["Children"]["Collection"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, [json!("Men"), json!("Gear")]);
    assert_eq!(org["Children"]["Gallery"], json!([{"name": "Press"}]));
    let session = ps.data("/mem/user/session", &[]).await;
    assert_eq!(session["Session"]["tz"], "UTC");
    assert_eq!(session["Session"]["organization_id"], ORG_ID);

    let (status, body) = ps.get("/mem/organization/logout", &[]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"status": "ok", "data": {}}))
    );
    let again = ps.data("/mem/collection/root/children", &[]).await;
    assert_eq!(again["Children"]["Collection"], json!([]));
    let press = ps.sim.image_id("press-kit-cover.jpg").unwrap();
    let (status, body) = ps.get(&format!("/mem/image/{press}"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "PermissionErr");
}

#[tokio::test]
async fn logout_ends_the_token() {
    let mut ps = start().await;
    ps.login().await;
    let (status, body) = ps.get("/mem/authenticate/logout", &[]).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"status": "ok", "data": {}}))
    );
    let (status, body) = ps.get("/mem/user/session", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
}

#[tokio::test]
async fn the_token_also_works_as_auth_token_parameter_and_cookie_mode_sets_a_cookie() {
    let ps = start().await;
    let (_, body) = ps
        .post(
            "/mem/authenticate",
            &[("email", EMAIL), ("password", PASSWORD), ("mode", "token")],
        )
        .await;
    let token = body["data"]["token"].as_str().unwrap();
    let req = ps
        .http
        .get(ps.url("/mem/user/session"))
        .query(&[("api_key", API_KEY), ("auth_token", token)]);
    assert_eq!(json(req.send().await.unwrap()).await.0, StatusCode::OK);

    let resp = ps
        .http
        .post(ps.url("/mem/authenticate"))
        .header("X-PS-Api-Key", API_KEY)
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("SSphotoshelter_com_mem="), "{cookie}");
    let pair = cookie.split(';').next().unwrap();
    let req = ps
        .http
        .get(ps.url("/mem/user/session"))
        .header("X-PS-Api-Key", API_KEY)
        .header("Cookie", pair);
    let resp = req.send().await.unwrap();
    let refreshed = resp.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        refreshed.starts_with(pair),
        "every answer refreshes the cookie: {refreshed}"
    );
    let (status, body) = json(resp).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn idle_sessions_expire_and_a_new_login_works() {
    let tuning = PhotoshelterTuning {
        session_idle: Duration::from_secs(600),
        ..Default::default()
    };
    let mut ps = serve(&small_catalog(), tuning).await;
    ps.login().await;
    ps.sim_clock_advance(599).await;
    assert_eq!(
        ps.get("/mem/user/session", &[]).await.0,
        StatusCode::OK,
        "used within the idle time"
    );
    ps.sim_clock_advance(601).await;
    let (status, body) = ps.get("/mem/user/session", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
    ps.login().await;
    assert_eq!(ps.get("/mem/user/session", &[]).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_control_route_expires_every_session() {
    let mut ps = start().await;
    ps.login().await;
    let resp = ps
        .http
        .post(format!("{}/_sim/sessions/expire", ps.base))
        .send()
        .await
        .unwrap();
    assert_eq!(json(resp).await.1, json!({"expired": 1}));
    let (status, body) = ps.get("/mem/gallery", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "SessionRequiredErr");
}

trait ClockControl {
    async fn sim_clock_advance(&self, seconds: i64);
}

impl ClockControl for Ps {
    async fn sim_clock_advance(&self, seconds: i64) {
        let resp = self
            .http
            .post(format!("{}/_sim/photoshelter/clock/advance", self.base))
            .json(&json!({"seconds": seconds}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
}
