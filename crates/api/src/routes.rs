//! Route registration and the route table. Each context registers its handlers through
//! `Routes::add`, declaring beside each who may call it; the OpenAPI document is collected
//! from the same calls. From that document come the methods each path accepts (405 with
//! `Allow` for the others) and the answers every operation gets from shared machinery.

use actix_web::dev::HttpServiceFactory;
use relais_domain::access::Access;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::OpenApiFactory;

/// One operation and who may call it, as its context declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredRoute {
    /// Lower case, as in the OpenAPI document (`get`, `post`, …).
    pub method: String,
    /// The full path template (`/api/v1/programmes/{id}`).
    pub path: String,
    pub access: Access,
    /// For an operation that creates: where the new resource's id is in its 201 answer (a
    /// JSON pointer). The answer then carries a `Location`, and the OpenAPI document links
    /// the creation to every operation on what it created.
    pub created_id: Option<&'static str>,
}

/// What a context registers its routes with.
pub struct Routes<'c, 's> {
    config: &'c mut ServiceConfig<'s>,
    prefix: &'static str,
    /// Where declarations go; none when the app is only being served (each worker thread
    /// builds it), so the handlers' paths are not worked out for nothing.
    declared: Option<&'c mut Vec<DeclaredRoute>>,
}

impl<'c, 's> Routes<'c, 's> {
    pub fn new(
        config: &'c mut ServiceConfig<'s>,
        prefix: &'static str,
        declared: Option<&'c mut Vec<DeclaredRoute>>,
    ) -> Self {
        Self {
            config,
            prefix,
            declared,
        }
    }

    /// Registers a handler once: it serves, it appears in the OpenAPI document, and its
    /// access is declared for the authorisation matrix.
    pub fn add<F>(&mut self, handler: F, access: Access) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        self.register(handler, access, None)
    }

    /// Registers a handler that creates (201 with a `Location`), saying where the new id is
    /// in its answer (`/id`, `/programme/id`).
    pub fn add_create<F>(&mut self, handler: F, access: Access, created_id: &'static str) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        self.register(handler, access, Some(created_id))
    }

    fn register<F>(&mut self, handler: F, access: Access, created_id: Option<&'static str>) -> &mut Self
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        let Some(declared) = self.declared.as_deref_mut() else {
            self.config.service(handler);
            return self;
        };
        for (path, item) in handler.paths().paths.iter() {
            for (method, _) in operations(item) {
                declared.push(DeclaredRoute {
                    method: method.to_lowercase(),
                    path: format!("{}{path}", self.prefix),
                    access,
                    created_id,
                });
            }
        }
        self.config.service(handler);
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Literal(String),
    Parameter,
}

/// An item's operations with their HTTP methods.
fn operations(item: &utoipa::openapi::path::PathItem) -> impl Iterator<Item = (&'static str, &Operation)> {
    [
        ("GET", &item.get),
        ("POST", &item.post),
        ("PUT", &item.put),
        ("DELETE", &item.delete),
        ("PATCH", &item.patch),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
}

/// Whether a request path (split at `/`) is a route's template, as the router matches it.
fn route_matches(route: &[Segment], wanted: &[&str]) -> bool {
    route.len() == wanted.len()
        && route.iter().zip(wanted).all(|(segment, part)| match segment {
            Segment::Literal(literal) => literal == part,
            Segment::Parameter => !part.is_empty(),
        })
}

#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
    /// Paths whose POST creates, with who may: those that honour `Idempotency-Key`.
    creations: Vec<(Vec<Segment>, Access)>,
}

fn segments(path: &str) -> Vec<Segment> {
    path.trim_matches('/')
        .split('/')
        .map(|part| {
            if part.starts_with('{') {
                Segment::Parameter
            } else {
                Segment::Literal(part.to_owned())
            }
        })
        .collect()
}

impl RouteTable {
    pub fn from_spec(spec: &OpenApi, declared: &[DeclaredRoute]) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| (segments(path), operations(item).map(|(method, _)| method).collect()))
            .collect();
        let creations = declared
            .iter()
            .filter(|route| route.method == "post" && route.created_id.is_some())
            .map(|route| (segments(&route.path), route.access))
            .collect();
        Self { routes, creations }
    }

    /// Who may POST to `path` when it is a creation (exactly as routed: no trailing slash).
    pub fn creation(&self, path: &str) -> Option<Access> {
        if path.ends_with('/') {
            return None;
        }
        let wanted: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.creations
            .iter()
            .find_map(|(route, access)| route_matches(route, &wanted).then_some(*access))
    }

    /// The methods a path accepts, if it is one of ours. Literal segments win over
    /// parameters, as in the router.
    pub fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut found: Option<(usize, &[&'static str])> = None;
        for (route, methods) in &self.routes {
            if route_matches(route, &wanted) {
                let literals = route.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
                if found.as_ref().map(|(best, _)| literals > *best).unwrap_or(true) {
                    found = Some((literals, methods.as_slice()));
                }
            }
        }
        found.map(|(_, methods)| methods)
    }
}

fn set_pattern(schema: Option<&mut RefOr<utoipa::openapi::schema::Schema>>, pattern: &str) -> bool {
    match schema {
        Some(RefOr::T(utoipa::openapi::schema::Schema::Object(object))) => {
            object.pattern = Some(pattern.to_owned());
            true
        }
        _ => false,
    }
}

fn set_property_pattern(spec: &mut OpenApi, schema: &str, field: &str, pattern: &str) {
    let property = spec
        .components
        .as_mut()
        .and_then(|c| c.schemas.get_mut(schema))
        .and_then(|s| match s {
            RefOr::T(utoipa::openapi::schema::Schema::Object(object)) => object.properties.get_mut(field),
            _ => None,
        });
    let set = set_pattern(property, pattern);
    debug_assert!(set, "{schema}.{field} has no schema to state its pattern on");
}

/// States the domain's e-mail and id rules as `pattern`s, from the domain's own regexes,
/// so the contract accepts exactly what the server accepts (text fields state theirs through
/// their types, `relais_domain::text`).
pub fn document_patterns(spec: &mut OpenApi) {
    for schema in ["SignInRequest", "CreateUserRequest"] {
        set_property_pattern(spec, schema, "email", relais_domain::identity::EMAIL_PATTERN);
    }
    set_property_pattern(spec, "ObjectiveRequest", "need_id", relais_domain::ids::ID_PATTERN);
    // Free texts checked like the bounded texts (no control characters).
    let text = relais_domain::errors::text_pattern(0);
    set_property_pattern(spec, "WorkFactsRequest", "hr_id", &text);
    set_property_pattern(
        spec,
        "ImportRequest",
        "file_name",
        &relais_domain::errors::text_pattern(1),
    );
    // Every id type (`UserId`, `SiteId`, …) is the server's UUID text, wherever it is used:
    // a body property, an array's items, a query parameter.
    if let Some(components) = spec.components.as_mut() {
        for (name, schema) in components.schemas.iter_mut() {
            if name.ends_with("Id") {
                set_pattern(Some(schema), relais_domain::ids::ID_PATTERN);
            }
        }
    }
    for (schema, field) in [
        ("ProgrammeRequest", "starts_on"),
        ("ProgrammeRequest", "ends_on"),
        ("ObjectiveRequest", "due_on"),
    ] {
        set_property_pattern(spec, schema, field, relais_domain::programmes::DATE_PATTERN);
    }
    for item in spec.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if parameter.name == "cursor" {
                    set_pattern(parameter.schema.as_mut(), relais_domain::ids::ID_PATTERN);
                }
            }
        }
    }
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                Content::new(Some(Ref::from_schema_name("Problem"))),
            )
            .build(),
    )
}

fn operations_mut(item: &mut utoipa::openapi::path::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}

fn add_missing(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem_response(description));
}

/// Documents each operation's access from its declaration: the bearer security scheme and
/// 401 for every route that needs a principal, 403 when the policy refuses some role, and
/// who may call it in its description. Handlers do not repeat it.
pub fn document_access(spec: &mut OpenApi, declared: &[DeclaredRoute]) {
    use relais_domain::access::{can, Principal, Resource};
    use relais_domain::identity::Role;
    use relais_domain::ids::{OrganisationId, Tenant, UserId};
    let tenant = Tenant::new(OrganisationId::new("any"));
    for route in declared {
        let Access::Allowed(action) = route.access else {
            continue;
        };
        let Some(item) = spec.paths.paths.get_mut(&route.path) else {
            continue;
        };
        let operation = match route.method.as_str() {
            "get" => item.get.as_mut(),
            "post" => item.post.as_mut(),
            "put" => item.put.as_mut(),
            "delete" => item.delete.as_mut(),
            _ => item.patch.as_mut(),
        };
        let Some(operation) = operation else { continue };
        let allowed: Vec<&str> = Role::ALL
            .into_iter()
            .filter(|role| {
                let principal = Principal::Person {
                    user: UserId::new("any"),
                    tenant: tenant.clone(),
                    role: *role,
                };
                can(&principal, action, &Resource::of(&tenant))
            })
            .map(Role::as_str)
            .collect();
        operation.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
        add_missing(operation, "401", "Not signed in, or the session has ended");
        if allowed.len() < Role::ALL.len() {
            add_missing(operation, "403", "The caller's role does not allow this action");
        }
        // Who else the policy lets in through a relationship to what is acted on.
        let mut who_may: Vec<&str> = allowed.clone();
        if let Some(related) = action.also_allowed() {
            who_may.push(related);
        }
        let who = format!("Allowed to: {}.", who_may.join(", "));
        operation.description = Some(match operation.description.take() {
            Some(text) if !text.is_empty() => format!("{text}\n\n{who}"),
            _ => who,
        });
    }
}

/// Documents, on every operation, the answers that come from shared machinery rather than
/// from the handler: body parsing, size and type limits, query validation, rate limits.
pub fn document_shared_answers(spec: &mut OpenApi) {
    for (path, item) in spec.paths.paths.iter_mut() {
        let api = path.starts_with("/api/");
        for operation in operations_mut(item) {
            if operation.request_body.is_some() {
                add_missing(operation, "400", "The body is not valid JSON");
                add_missing(operation, "413", "The body is larger than the limit");
                add_missing(operation, "415", "The body is not `application/json`");
                add_missing(operation, "422", "Invalid fields");
            }
            let has_query = operation
                .parameters
                .as_ref()
                .map(|parameters| {
                    parameters
                        .iter()
                        .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Query)
                })
                .unwrap_or(false);
            if has_query {
                add_missing(operation, "422", "Invalid query parameters");
            }
            if path.contains('{') {
                add_missing(operation, "404", "No such resource in your organisation");
            }
            if api {
                add_missing(operation, "429", "Too many requests; see `Retry-After`");
            }
        }
    }
}

/// A 201 answer: the new resource's address in `Location`, and the resource.
pub fn created(location: String, body: impl serde::Serialize) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(body)
}

fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .collect()
}

fn idempotency_key_parameter() -> utoipa::openapi::path::Parameter {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::Required;
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Any unique string (a UUID): sending the same key again within 24 hours returns the first \
             answer (with `Idempotent-Replayed: true`) instead of creating twice. Per person.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(crate::idempotency::KEY_MAX_CHARS))
                .pattern(Some("^[!-~]+$")),
        ))
        .build()
}

/// Documents each creation's `Location` header and its links (OpenAPI `links`) to every
/// operation on what it created: those whose path is the creation's path followed by one
/// new parameter (and possibly more literal segments, or further creations beneath). The
/// new parameter comes from the answer's id; the others are the creation's own.
pub fn document_links(spec: &mut OpenApi, declared: &[DeclaredRoute]) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::link::LinkBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    // (path, operation id) of every operation.
    let targets: Vec<(String, String)> = spec
        .paths
        .paths
        .iter()
        .flat_map(|(path, item)| {
            operations(item).filter_map(move |(_, operation)| Some((path.clone(), operation.operation_id.clone()?)))
        })
        .collect();
    for route in declared {
        let Some(pointer) = route.created_id else { continue };
        let inherited = path_parameters(&route.path);
        let mut links = Vec::new();
        for (target_path, operation_id) in &targets {
            let Some(rest) = target_path.strip_prefix(&format!("{}/{{", route.path)) else {
                continue;
            };
            let Some((new_parameter, below)) = rest.split_once('}') else {
                continue;
            };
            if below.contains('{') {
                continue;
            }
            let mut link = LinkBuilder::new()
                .operation_id(operation_id.clone())
                .parameter(new_parameter, format!("$response.body#{pointer}"));
            for parameter in &inherited {
                link = link.parameter(*parameter, format!("$request.path.{parameter}"));
            }
            links.push((operation_id.clone(), link.build()));
        }
        let Some(operation) = spec
            .paths
            .paths
            .get_mut(&route.path)
            .and_then(|item| item.post.as_mut())
        else {
            continue;
        };
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(idempotency_key_parameter());
        add_missing(
            operation,
            "409",
            "Conflict; with `Idempotency-Key`: the key was used for another request, or its first request is still running or failed",
        );
        let Some(RefOr::T(response)) = operation.responses.responses.get_mut("201") else {
            continue;
        };
        response.headers.insert(
            "Location".to_owned(),
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("The address of what was created"))
                .build(),
        );
        for (name, link) in links {
            response.links.insert(name, RefOr::T(link));
        }
    }
}

/// The OpenAPI document as served and committed. utoipa 5.5 writes a link's fields in snake
/// case (`operation_id`); OpenAPI names them in camel case, and clients and fuzzers ignore a
/// link without `operationId`. Renamed here, the one place the document becomes JSON.
pub fn openapi_json(spec: &OpenApi) -> serde_json::Value {
    let mut json = serde_json::to_value(spec).unwrap_or_default();
    let operations = json["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut());
    for operation in operations {
        let links = operation["responses"]
            .as_object_mut()
            .into_iter()
            .flat_map(|responses| responses.values_mut())
            .filter_map(|response| response.get_mut("links").and_then(|l| l.as_object_mut()))
            .flat_map(|links| links.values_mut())
            .filter_map(|link| link.as_object_mut());
        for link in links {
            for (snake, camel) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(value) = link.remove(snake) {
                    link.insert(camel.to_owned(), value);
                }
            }
        }
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_and_unknown_paths_are_none() {
        let table = RouteTable {
            creations: Vec::new(),
            routes: vec![
                (segments("/api/v1/programmes/{id}"), vec!["GET", "PUT"]),
                (segments("/api/v1/programmes/{id}/dashboard"), vec!["GET"]),
                (segments("/api/v1/users/{id}/deactivate"), vec!["POST"]),
            ],
        };
        assert_eq!(table.allowed("/api/v1/programmes/abc"), Some(&["GET", "PUT"][..]));
        assert_eq!(table.allowed("/api/v1/programmes/abc/dashboard"), Some(&["GET"][..]));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
        assert_eq!(table.allowed("/api/v1/programmes//dashboard"), None);
    }
}
