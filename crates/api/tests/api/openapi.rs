//! The committed contract must be exactly what the server serves.

use crate::helpers::spawn_app;

#[actix_rt::test]
async fn committed_openapi_matches_the_served_spec() {
    let app = spawn_app().await;
    let served = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(served.status, 200);
    assert_eq!(served.body["openapi"], "3.1.0");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../api-spec/openapi.json");
    let committed: serde_json::Value = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(serde_json::Value::Null);
    assert!(
        committed == served.body,
        "api-spec/openapi.json differs from the served spec: run `make openapi` and commit the result"
    );
}

#[actix_rt::test]
async fn every_operation_documents_its_errors_and_security() {
    let spec = relais_api::openapi();
    let json = serde_json::to_value(&spec).unwrap_or_default();
    let public = [
        "/api/v1/auth/sign-in",
        "/api/v1/auth/refresh",
        "/api/v1/auth/sign-out",
        "/healthz",
        "/readyz",
        "/metrics",
    ];
    let paths = json["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 15, "{} paths", paths.len());
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().cloned().unwrap_or_default() {
            if public.contains(&path.as_str()) {
                continue;
            }
            assert!(
                operation["security"].is_array(),
                "{method} {path} declares its security"
            );
            assert!(
                operation["responses"]["401"].is_object(),
                "{method} {path} documents 401"
            );
        }
    }
}
