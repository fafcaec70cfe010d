//! One definition per endpoint — method, path, path parameters' order, query, request and
//! response types — shared by the web app's client (which builds every call from it) and
//! the server's tests (which check each against the routes the server registers and the
//! schemas it documents). No path or query string is written by hand twice.

use std::marker::PhantomData;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// Lower case, as in the OpenAPI document.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
        }
    }
}

/// No request body, or no query.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Nothing;

/// An answer without a body (204).
#[derive(Clone, Copy, Debug, Default, serde::Deserialize)]
pub struct NoContent;

/// An answer that is a file (an image), not JSON.
#[derive(Clone, Copy, Debug, Default, serde::Deserialize)]
pub struct Binary;

/// A route of the API, under `/api/v1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: Method,
    /// With `{name}` for each path parameter.
    pub path: &'static str,
    /// The request body's type name; `Nothing` for none.
    pub request: &'static str,
    /// The 2xx answer's type name; `NoContent` for none.
    pub response: &'static str,
}

/// An endpoint whose query is `Q`, body `B` and answer `R`.
pub struct Endpoint<B, R, Q = Nothing> {
    pub method: Method,
    pub path: &'static str,
    types: PhantomData<fn(B, Q) -> R>,
}

impl<B, R, Q> Endpoint<B, R, Q> {
    pub const fn new(method: Method, path: &'static str) -> Self {
        Self {
            method,
            path,
            types: PhantomData,
        }
    }

    /// The path with its parameters replaced, in their order of appearance.
    pub fn path_with(&self, params: &[&str]) -> String {
        let mut path = String::with_capacity(self.path.len() + 40 * params.len());
        let mut params = params.iter();
        let mut rest = self.path;
        while let Some(start) = rest.find('{') {
            path.push_str(&rest[..start]);
            let end = rest[start..].find('}').map(|e| start + e + 1).unwrap_or(rest.len());
            path.push_str(params.next().copied().unwrap_or_default());
            rest = &rest[end..];
        }
        path.push_str(rest);
        path
    }

    pub fn route(&self) -> Route {
        Route {
            method: self.method,
            path: self.path,
            request: short_type_name::<B>(),
            response: short_type_name::<R>(),
        }
    }
}

/// The type's name without its module path (generic arguments keep theirs).
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let head_end = full.find('<').unwrap_or(full.len());
    let start = full[..head_end].rfind("::").map_or(0, |i| i + 2);
    &full[start..]
}

/// Every endpoint of every context. A context adds one line here.
pub fn all() -> Vec<Route> {
    [
        crate::identity::endpoints::routes(),
        crate::programmes::endpoints::routes(),
        crate::directory::endpoints::routes(),
        crate::candidates::endpoints::routes(),
        crate::tips::endpoints::routes(),
        crate::recognition::endpoints::routes(),
        crate::contests::endpoints::routes(),
        crate::modules::endpoints::routes(),
        crate::jobs::endpoints::routes(),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_take_their_parameters_in_order() {
        let endpoint: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/programmes/{id}/needs/{need_id}");
        assert_eq!(endpoint.path_with(&["p1", "n2"]), "/programmes/p1/needs/n2");
        let plain: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Get, "/me");
        assert_eq!(plain.path_with(&[]), "/me");
    }

    #[test]
    fn type_names_are_short() {
        assert_eq!(short_type_name::<crate::programmes::Programme>(), "Programme");
        assert_eq!(short_type_name::<Nothing>(), "Nothing");
        assert!(short_type_name::<crate::pagination::Page<crate::programmes::Programme>>().starts_with("Page<"));
    }
}
