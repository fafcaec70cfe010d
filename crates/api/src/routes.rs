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
        let Some(declared) = self.declared.as_deref_mut() else {
            self.config.service(handler);
            return self;
        };
        for (path, item) in handler.paths().paths.iter() {
            for (method, present) in [
                ("get", item.get.is_some()),
                ("post", item.post.is_some()),
                ("put", item.put.is_some()),
                ("delete", item.delete.is_some()),
                ("patch", item.patch.is_some()),
            ] {
                if present {
                    declared.push(DeclaredRoute {
                        method: method.to_owned(),
                        path: format!("{}{path}", self.prefix),
                        access,
                    });
                }
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

#[derive(Clone, Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
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
    pub fn from_spec(spec: &OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                for (method, operation) in [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("DELETE", &item.delete),
                    ("PATCH", &item.patch),
                ] {
                    if operation.is_some() {
                        methods.push(method);
                    }
                }
                (segments(path), methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods a path accepts, if it is one of ours. Literal segments win over
    /// parameters, as in the router.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        let wanted: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut found: Option<(usize, Vec<&'static str>)> = None;
        for (route, methods) in &self.routes {
            if route.len() != wanted.len() {
                continue;
            }
            let matches = route.iter().zip(&wanted).all(|(segment, part)| match segment {
                Segment::Literal(literal) => literal == part,
                Segment::Parameter => !part.is_empty(),
            });
            if matches {
                let literals = route.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
                if found.as_ref().map(|(best, _)| literals > *best).unwrap_or(true) {
                    found = Some((literals, methods.clone()));
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
        let who = format!("Allowed to: {}.", allowed.join(", "));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_and_unknown_paths_are_none() {
        let table = RouteTable {
            routes: vec![
                (segments("/api/v1/programmes/{id}"), vec!["GET", "PUT"]),
                (segments("/api/v1/programmes/{id}/dashboard"), vec!["GET"]),
                (segments("/api/v1/users/{id}/deactivate"), vec!["POST"]),
            ],
        };
        assert_eq!(table.allowed("/api/v1/programmes/abc"), Some(vec!["GET", "PUT"]));
        assert_eq!(table.allowed("/api/v1/programmes/abc/dashboard"), Some(vec!["GET"]));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
        assert_eq!(table.allowed("/api/v1/programmes//dashboard"), None);
    }
}
