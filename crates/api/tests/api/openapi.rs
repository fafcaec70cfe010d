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

/// The bounds the domain enforces are the ones the contract announces, so generated
/// clients and fuzzers see the same limits as the server.
#[test]
fn the_spec_announces_the_domains_limits() {
    use relais_domain::identity::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
    use relais_domain::pagination::MAX_PAGE_SIZE;
    use relais_domain::programmes::{DESCRIPTION_MAX, RETROSPECTIVE_MAX, RETROSPECTIVE_MIN, TITLE_MAX};
    let spec = serde_json::to_value(relais_api::openapi()).unwrap_or_default();
    let schemas = &spec["components"]["schemas"];
    let cases = [
        ("ProgrammeRequest", "title", "maxLength", TITLE_MAX),
        ("ProgrammeRequest", "description", "maxLength", DESCRIPTION_MAX),
        ("NeedRequest", "title", "maxLength", TITLE_MAX),
        ("NeedRequest", "evidence", "maxLength", DESCRIPTION_MAX),
        ("ObjectiveRequest", "title", "maxLength", TITLE_MAX),
        ("ObjectiveRequest", "need_id", "maxLength", 36),
        ("CloseProgrammeRequest", "retrospective", "minLength", RETROSPECTIVE_MIN),
        ("CloseProgrammeRequest", "retrospective", "maxLength", RETROSPECTIVE_MAX),
        ("CreateUserRequest", "password", "minLength", PASSWORD_MIN_CHARS),
        ("CreateUserRequest", "password", "maxLength", PASSWORD_MAX_CHARS),
        ("SignInRequest", "password", "maxLength", PASSWORD_MAX_CHARS),
        ("SignInRequest", "email", "maxLength", 254),
        ("CreateUserRequest", "email", "maxLength", 254),
    ];
    for (schema, field, bound, expected) in cases {
        let found = schemas[schema]["properties"][field][bound].as_u64();
        assert_eq!(found, Some(expected as u64), "{schema}.{field} {bound}");
    }
    for path in ["/api/v1/programmes", "/api/v1/users"] {
        let parameters = spec["paths"][path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let limit = parameters
            .iter()
            .find(|p| p["name"] == "limit")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            limit["schema"]["maximum"].as_u64(),
            Some(u64::from(MAX_PAGE_SIZE)),
            "{path} limit"
        );
    }
}
