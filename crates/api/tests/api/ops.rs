//! Probes, metrics, request ids, security headers, and the API's generic error answers.

use crate::helpers::spawn_app;
use serde_json::json;

#[actix_rt::test]
async fn probes_answer_and_metrics_count_requests_per_route() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz", None).await.body, json!({"status": "ok"}));
    assert_eq!(app.get("/readyz", None).await.body, json!({"status": "ok"}));
    let admin = app.admin().await;
    let id = "0190f1c2-7a3b-7c4d-8e5f-0123456789ab";
    app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await;
    let metrics = app.get("/metrics", None).await;
    assert!(metrics
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/plain"));
    assert!(
        metrics
            .text
            .contains(r#"relais_http_requests_total{method="GET",route="/api/v1/programmes/{id}",status="404"} 1"#),
        "{}",
        metrics.text
    );
    assert!(metrics
        .text
        .contains(r#"relais_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/sign-in"} 1"#));
}

#[actix_rt::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/me", None).await;
    let request_id = response.header("x-request-id").unwrap_or_default();
    assert_eq!(request_id.len(), 36, "a generated UUID");
    assert_eq!(response.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(response.header("referrer-policy").as_deref(), Some("no-referrer"));
    let csp = response.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline"),
        "the app allows no inline script or style: {csp}"
    );
    assert!(
        response.header("strict-transport-security").is_none(),
        "HSTS only over TLS"
    );

    let echoed = app
        .request("GET", "/healthz", None)
        .insert_header(("x-request-id", "trace-42"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        echoed.headers().get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("trace-42")
    );
    let replaced = app
        .request("GET", "/healthz", None)
        .insert_header(("x-request-id", "bad id with spaces"))
        .send()
        .await
        .expect("sent");
    assert_ne!(
        replaced.headers().get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("bad id with spaces")
    );
}

#[actix_rt::test]
async fn unknown_api_paths_and_ids_are_problem_404s() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for path in [
        "/api/v1/nothing-here",
        "/api/v2/programmes",
        "/api/v1/programmes/not-an-id",
        "/api/v1/programmes/0190f1c2-7a3b-7c4d-8e5f-0123456789ab",
    ] {
        let response = app.get(path, Some(&admin)).await;
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(response.code(), "not_found", "{path}");
        assert_eq!(
            response.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{path}"
        );
    }
}

#[actix_rt::test]
async fn oversized_bodies_are_refused_before_parsing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let huge = format!(r#"{{"title": "{}"}}"#, "x".repeat(70 * 1024));
    let response = app
        .post_raw("/api/v1/programmes", Some(&admin), "application/json", huge)
        .await;
    assert_eq!((response.status, response.code()), (413, "payload_too_large"));
}

#[actix_rt::test]
async fn deep_links_fall_back_to_the_web_app_and_api_paths_do_not() {
    let app = spawn_app().await;
    // The test server has no built web app: the fallback says how to build it.
    let page = app.get("/programmes/some-id", None).await;
    assert_eq!(page.status, 503);
    assert!(page.text.contains("make web"), "{}", page.text);
    assert_eq!(app.get("/api/nothing", None).await.code(), "not_found");
}

#[actix_rt::test]
async fn the_swagger_ui_is_served_without_a_cdn() {
    let app = spawn_app().await;
    let page = app.get("/api/docs/", None).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(!page.text.contains("unpkg.com") && !page.text.contains("cdn"), "no CDN");
}

#[actix_rt::test]
async fn the_api_is_rate_limited_per_client_address() {
    let app = crate::helpers::spawn_app_with(|config| config.requests_per_minute_per_address = 5).await;
    for n in 1..=5 {
        assert_eq!(
            app.get("/api/v1/programmes", None).await.status,
            401,
            "request {n} is counted, not refused"
        );
    }
    let refused = app.get("/api/v1/programmes", None).await;
    assert_eq!((refused.status, refused.code()), (429, "too_many_requests"));
    let retry_after: i64 = refused.header("retry-after").and_then(|v| v.parse().ok()).unwrap_or(0);
    assert!((1..=60).contains(&retry_after), "Retry-After = {retry_after}");
    assert_eq!(app.get("/healthz", None).await.status, 200, "probes are not limited");
}

#[actix_rt::test]
async fn the_api_is_rate_limited_per_account() {
    let app = crate::helpers::spawn_app_with(|config| config.requests_per_minute_per_account = 3).await;
    let learner = app.token(&app.org.learner.email).await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/me", Some(&learner)).await.status, 200);
    }
    assert_eq!(app.get("/api/v1/me", Some(&learner)).await.status, 429);
    let admin = app.admin().await;
    assert_eq!(
        app.get("/api/v1/me", Some(&admin)).await.status,
        200,
        "another account from the same address is not held back"
    );
}

#[actix_rt::test]
async fn cors_is_closed_unless_an_origin_is_configured() {
    let app = spawn_app().await;
    let preflight = app
        .request("OPTIONS", "/api/v1/programmes", None)
        .insert_header(("origin", "https://elsewhere.example"))
        .insert_header(("access-control-request-method", "GET"))
        .send()
        .await
        .expect("sent");
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
    assert!(preflight.headers().get("access-control-allow-methods").is_none());
    let simple = app
        .request("GET", "/healthz", None)
        .insert_header(("origin", "https://elsewhere.example"))
        .send()
        .await
        .expect("sent");
    assert!(simple.headers().get("access-control-allow-origin").is_none());

    let open =
        crate::helpers::spawn_app_with(|config| config.cors_allowed_origins = vec!["https://lms.example".into()]).await;
    let allowed = open
        .request("OPTIONS", "/api/v1/programmes", None)
        .insert_header(("origin", "https://lms.example"))
        .insert_header(("access-control-request-method", "POST"))
        .send()
        .await
        .expect("sent");
    assert_eq!(allowed.status().as_u16(), 204);
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://lms.example")
    );
    let other = open
        .request("GET", "/healthz", None)
        .insert_header(("origin", "https://evil.example"))
        .send()
        .await
        .expect("sent");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[actix_rt::test]
async fn a_method_a_path_lacks_gets_405_with_allow() {
    let app = spawn_app().await;
    let cases = [
        ("TRACE", "/api/v1/me", "GET"),
        ("DELETE", "/api/v1/programmes", "GET, POST"),
        (
            "PATCH",
            "/api/v1/programmes/0190f1c2-7a3b-7c4d-8e5f-0123456789ab",
            "GET, PUT, DELETE",
        ),
        ("POST", "/healthz", "GET"),
    ];
    for (method, path, allow) in cases {
        let response = app.request(method, path, None).send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 405, "{method} {path}");
        assert_eq!(
            response.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
    }
    let options = app.request("OPTIONS", "/api/v1/me", None).send().await.expect("sent");
    assert_eq!(options.status().as_u16(), 204);
    assert_eq!(
        options.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET")
    );
}

/// Metric labels come from closed sets: invented methods and paths do not add series.
#[actix_rt::test]
async fn made_up_methods_and_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    let invent = |from: usize| {
        let app = &app;
        async move {
            for n in from..from + 100 {
                let method = format!("INVENTED{n}");
                let _ = app.request(&method, "/healthz", None).send().await;
                let _ = app.request(&method, &format!("/api/v1/nothing-{n}"), None).send().await;
                app.get(&format!("/api/v1/made-up-{n}"), None).await;
                app.get(&format!("/deep/link/{n}"), None).await;
            }
        }
    };
    invent(0).await;
    app.get("/metrics", None).await;
    let before = app.get("/metrics", None).await.text.lines().count();
    invent(100).await;
    let after = app.get("/metrics", None).await;
    let series = after.text.lines().count();
    assert_eq!(
        series, before,
        "100 more made-up methods and paths add no series:\n{}",
        after.text
    );
    assert!(after.text.contains(r#"method="other""#));
    assert!(!after.text.contains("INVENTED"));
    assert!(!after.text.contains("made-up-"));
    assert!(!after.text.contains("/deep/link"));
}

/// Answers of the API are never cached: they are about one person's session.
#[actix_rt::test]
async fn api_answers_are_not_stored_by_caches() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (path, token) in [
        ("/api/v1/me", Some(admin.as_str())),
        ("/api/v1/programmes", Some(admin.as_str())),
        ("/api/v1/me", None),
    ] {
        let response = app.get(path, token).await;
        assert_eq!(response.header("cache-control").as_deref(), Some("no-store"), "{path}");
    }
}

/// A body that trickles in gets 408 once its deadline passes; the connection is not held.
#[actix_rt::test]
async fn a_body_that_does_not_arrive_in_time_is_refused() {
    use std::io::{Read, Write};
    let app = crate::helpers::spawn_app_with(|config| config.body_read_timeout_seconds = 1).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let answer = actix_rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("timeout");
        let head = "POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":";
        stream.write_all(head.as_bytes()).expect("send");
        let started = std::time::Instant::now();
        let mut answer = vec![0u8; 1024];
        let read = stream.read(&mut answer).unwrap_or(0);
        (String::from_utf8_lossy(&answer[..read]).into_owned(), started.elapsed())
    })
    .await
    .expect("client thread");
    let (text, waited) = answer;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("request_timeout"), "{text}");
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
}

/// Forwarded headers are believed only from trusted proxies: a client cannot claim HTTPS
/// (and get HSTS and Secure cookies decided for it) nor another address; behind a trusted
/// balancer each client has its own sign-in budget.
#[actix_rt::test]
async fn forwarded_headers_count_only_from_trusted_proxies() {
    let sign_in = |app: &crate::helpers::TestApp, from: &'static str, password: &'static str| {
        app.request("POST", "/api/v1/auth/sign-in", None)
            .insert_header(("x-forwarded-for", from))
            .insert_header(("x-forwarded-proto", "https"))
            .send_json(&json!({"email": app.org.learner.email, "password": password}))
    };
    let right = crate::helpers::PASSWORD;
    let wrong = "not the password of anyone";
    // The per-address budget counts failed sign-ins; two per address here.
    let direct = crate::helpers::spawn_app_with(|config| config.sign_in_attempts_per_address = 2).await;
    let response = sign_in(&direct, "203.0.113.5", right).await.expect("sent");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().get("strict-transport-security").is_none());
    for from in ["203.0.113.5", "203.0.113.6"] {
        assert_eq!(
            sign_in(&direct, from, wrong).await.expect("sent").status().as_u16(),
            401
        );
    }
    let third = sign_in(&direct, "203.0.113.7", right).await.expect("sent");
    assert_eq!(third.status().as_u16(), 429, "the headers did not make a new address");

    let proxied = crate::helpers::spawn_app_with(|config| {
        config.sign_in_attempts_per_address = 2;
        config.trusted_proxies = vec!["127.0.0.1/32".into()];
    })
    .await;
    let response = sign_in(&proxied, "203.0.113.5", right).await.expect("sent");
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().get("strict-transport-security").is_some());
    for _ in 0..2 {
        assert_eq!(
            sign_in(&proxied, "203.0.113.5", wrong)
                .await
                .expect("sent")
                .status()
                .as_u16(),
            401
        );
    }
    let same = sign_in(&proxied, "203.0.113.5", right).await.expect("sent");
    assert_eq!(same.status().as_u16(), 429, "that client's budget is spent");
    let other = sign_in(&proxied, "203.0.113.6", right).await.expect("sent");
    assert_eq!(other.status().as_u16(), 200, "another client behind the same balancer");
}

/// The web app's hashed assets are cached for a year and sent precompressed when the
/// browser accepts it; index.html is revalidated and answers deep links.
#[actix_rt::test]
async fn web_assets_are_precompressed_and_cached_by_name() {
    let dir = tempfile::tempdir().expect("web dir");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).expect("write");
    write("index.html", b"<!doctype html><title>Relais</title>");
    write("app-0123456789abcdef.js", b"console.log('plain');");
    write("app-0123456789abcdef.js.br", b"brotli bytes");
    write("app-0123456789abcdef.js.gz", b"gzip bytes");
    let web_dir = dir.path().to_path_buf();
    let app = crate::helpers::spawn_app_with(move |config| config.web_dir = web_dir).await;
    let fetch = |path: &'static str, accept: &'static str| {
        app.request("GET", path, None)
            .insert_header(("accept-encoding", accept))
            .send()
    };

    let mut brotli = fetch("/app-0123456789abcdef.js", "gzip, deflate, br")
        .await
        .expect("sent");
    assert_eq!(brotli.status().as_u16(), 200);
    let header = |response: &awc::ClientResponse<_>, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header(&brotli, "content-encoding"), "br");
    assert!(
        header(&brotli, "content-type").starts_with("text/javascript")
            || header(&brotli, "content-type").starts_with("application/javascript")
    );
    assert_eq!(header(&brotli, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(brotli.body().await.expect("body").as_ref(), b"brotli bytes");

    let mut gzip = fetch("/app-0123456789abcdef.js", "gzip").await.expect("sent");
    assert_eq!(header(&gzip, "content-encoding"), "gzip");
    assert_eq!(gzip.body().await.expect("body").as_ref(), b"gzip bytes");

    let mut plain = fetch("/app-0123456789abcdef.js", "identity").await.expect("sent");
    assert!(header(&plain, "content-encoding").is_empty() || header(&plain, "content-encoding") == "identity");
    assert_eq!(plain.body().await.expect("body").as_ref(), b"console.log('plain');");

    let index = fetch("/programmes/some-id", "br").await.expect("sent");
    assert_eq!(index.status().as_u16(), 200);
    assert_eq!(header(&index, "cache-control"), "no-cache");
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert!(
        header(&index, "content-disposition").is_empty(),
        "shown, not downloaded"
    );
    let hidden = fetch("/../Cargo.toml", "").await.expect("sent");
    assert!(
        header(&hidden, "content-type").starts_with("text/html"),
        "no file outside the web folder"
    );
}
