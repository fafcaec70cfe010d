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
    let json = relais_api::openapi_document();
    // The routes declared public beside their handlers (sign-in, invitation links, probes).
    let (_, declared) = relais_api::openapi_and_routes();
    let public: Vec<String> = declared
        .iter()
        .filter(|route| route.access == relais_domain::access::Access::Public)
        .map(|route| route.path.clone())
        .collect();
    assert!(public.len() >= 6, "{public:?}");
    let paths = json["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 15, "{} paths", paths.len());
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().cloned().unwrap_or_default() {
            if public.contains(&path) {
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
    let spec = relais_api::openapi_document();
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

/// The patterns in the contract and the server's rules accept exactly the same strings:
/// checked over every string up to four characters long from an alphabet of troublemakers
/// (controls, exotic spaces, byte-order mark, accents, astral characters).
#[test]
fn spec_patterns_and_server_rules_agree() {
    use relais_domain::errors::{text_field, text_pattern};
    let alphabet = [
        'a', ' ', '\t', '\n', '\u{0}', '\u{B}', '\u{7F}', '\u{85}', '\u{A0}', '\u{FEFF}', '\u{3000}', 'é', '😀',
        '\u{200B}', '\u{202E}', '\u{2066}', '\u{3164}', '\u{AD}',
    ];
    let mut strings = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = strings
            .iter()
            .filter(|s| s.chars().count() == strings.last().map(|l| l.chars().count()).unwrap_or(0))
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        strings.extend(longer);
    }
    assert!(strings.len() > 30_000, "{}", strings.len());
    for min in [0, 1, 2, 3] {
        let pattern = regex::Regex::new(&text_pattern(min)).expect("text pattern compiles");
        for s in &strings {
            let schema_ok = pattern.is_match(s) && s.chars().count() <= 4;
            let server_ok = text_field("f", s, min, 4).is_ok();
            assert_eq!(
                schema_ok, server_ok,
                "min {min}: {s:?} schema says {schema_ok}, server says {server_ok}"
            );
        }
    }
    let email = regex::Regex::new(relais_domain::identity::EMAIL_PATTERN).expect("email pattern compiles");
    let candidates = [
        "a@b.c",
        "A@B.CO",
        "a b@c.d",
        "a@b",
        "@b.c",
        "a@.c",
        "a@b..c",
        "é@b.c",
        "a@b.c ",
        "a+b@c-d.e",
        "a@b@c.d",
        "a.b@c.d.e",
        "a@-.b",
    ];
    for s in candidates {
        let schema_ok = email.is_match(s);
        let server_ok = relais_domain::identity::Email::parse("email", s).is_ok();
        assert_eq!(schema_ok, server_ok, "{s:?}");
    }
    // Dates: the pattern and the server's bounds agree on every day of some years around
    // and inside the bounds (calendar validity is the format's; the years are the pattern's).
    let date = regex::Regex::new(relais_domain::programmes::DATE_PATTERN).expect("date pattern compiles");
    for year in [1, 999, 1999, 2000, 2026, 2099, 2100, 2101, 9999] {
        let text = format!("{year:04}-06-15");
        let in_bounds = (relais_domain::programmes::FIRST_YEAR..=relais_domain::programmes::LAST_YEAR).contains(&year);
        assert_eq!(date.is_match(&text), in_bounds, "{text}");
    }
    let id = regex::Regex::new(relais_domain::ids::ID_PATTERN).expect("id pattern compiles");
    for s in [
        "0190f1c2-7a3b-7c4d-8e5f-0123456789ab",
        "0190F1C2-7A3B-7C4D-8E5F-0123456789AB",
        "x",
        "",
    ] {
        assert_eq!(id.is_match(s), relais_domain::ids::is_valid_id(s), "{s:?}");
    }
}

/// The endpoint definitions the web app calls through (domain crate) are exactly the
/// routes the server registers, with the same request and answer types.
#[test]
fn endpoint_definitions_are_the_registered_routes() {
    let spec = relais_api::openapi_document();
    let mut registered = std::collections::BTreeSet::new();
    for (path, operations) in spec["paths"].as_object().cloned().unwrap_or_default() {
        let Some(path) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for method in operations
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            registered.insert((method, path.to_owned()));
        }
    }
    let defined: std::collections::BTreeSet<(String, String)> = relais_domain::endpoints::all()
        .iter()
        .map(|route| (route.method.as_str().to_owned(), route.path.to_owned()))
        .collect();
    assert_eq!(defined, registered);

    let schema_name = |value: &serde_json::Value| {
        value["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_owned)
    };
    for route in relais_domain::endpoints::all() {
        let operation = &spec["paths"][format!("/api/v1{}", route.path)][route.method.as_str()];
        let label = format!("{} {}", route.method.as_str(), route.path);
        let request = schema_name(&operation["requestBody"]["content"]["application/json"]["schema"]);
        let expected_request = (route.request != "Nothing").then(|| route.request.to_owned());
        assert_eq!(request, expected_request, "{label} request body");
        let answers = operation["responses"].as_object().cloned().unwrap_or_default();
        let success = answers.iter().find(|(status, _)| status.starts_with('2'));
        let (status, answer) = success.expect("a 2xx answer");
        let response = schema_name(&answer["content"]["application/json"]["schema"]);
        match route.response {
            "NoContent" => assert_eq!(status, "204", "{label}"),
            "Binary" => assert!(
                answer["content"]
                    .as_object()
                    .is_some_and(|c| !c.is_empty() && c.keys().all(|k| k.starts_with("image/"))),
                "{label}: a file answer names its image types"
            ),
            list if list.starts_with("Vec<") => {
                // A list is an inline array of the item's schema.
                let schema = &answer["content"]["application/json"]["schema"];
                let item = list.trim_start_matches("Vec<").trim_end_matches('>');
                let item = item.rsplit("::").next().unwrap_or_default();
                assert_eq!(schema["type"], "array", "{label} answer");
                assert_eq!(schema_name(&schema["items"]).as_deref(), Some(item), "{label} answer");
            }
            generic if generic.contains('<') => {
                // `Page<relais_domain::programmes::Programme>` is `Page_Programme` in the spec.
                let (outer, inner) = generic.split_once('<').unwrap_or_default();
                let inner = inner.rsplit("::").next().unwrap_or_default().trim_end_matches('>');
                assert_eq!(response, Some(format!("{outer}_{inner}")), "{label} answer");
            }
            plain => assert_eq!(response.as_deref(), Some(plain), "{label} answer"),
        }
    }
}

/// Every creation documents its `Location` and links to each operation on what it created,
/// with a value for every parameter of the target's path: a client (or a fuzzer's stateful
/// phase) can follow the creation without guessing.
#[test]
fn every_creation_has_a_location_and_links_to_what_it_created() {
    let spec = relais_api::openapi_document();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    let mut operations = std::collections::HashMap::new();
    for (path, item) in &paths {
        for operation in item
            .as_object()
            .map(|o| o.values().cloned().collect())
            .unwrap_or_else(Vec::new)
        {
            if let Some(id) = operation["operationId"].as_str() {
                let earlier = operations.insert(id.to_owned(), path.clone());
                assert!(earlier.is_none(), "operationId {id} twice: {earlier:?} and {path}");
            }
        }
    }
    let mut creations = 0;
    for (path, item) in &paths {
        let Some(created) = item["post"]["responses"].get("201") else {
            continue;
        };
        creations += 1;
        assert!(
            created["headers"]["Location"].is_object(),
            "POST {path} documents Location"
        );
        let links = created["links"].as_object().cloned().unwrap_or_default();
        assert!(!links.is_empty(), "POST {path} links to what it created");
        for (name, link) in links {
            let target = operations.get(link["operationId"].as_str().unwrap_or_default());
            let target = target.unwrap_or_else(|| panic!("POST {path}: link {name} names no operation"));
            for part in target.split('/').filter(|p| p.starts_with('{')) {
                let parameter = part.trim_matches(|c| c == '{' || c == '}');
                assert!(
                    link["parameters"][parameter].is_string(),
                    "POST {path}: link {name} gives no value for {parameter}"
                );
            }
        }
    }
    assert!(creations >= 4, "{creations} creations");
}
