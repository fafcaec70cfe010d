//! Serves the built web app. Assets carry a content hash in their names (`make web`), so
//! they are cached for a year and never revalidated; `index.html`, which names them, is
//! revalidated at each visit and answers every other path, so deep links work. Each asset is
//! also stored compressed (`.br`, `.gz`): phones on poor networks get the smallest the
//! browser accepts, without compressing at each request.

use actix_files::NamedFile;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use std::path::{Path, PathBuf};

/// The web app's files, as an actix service for every path the other services left.
pub fn files(web_dir: PathBuf) -> impl actix_web::dev::HttpServiceFactory {
    actix_web::web::scope("").default_service(actix_web::dev::fn_service(move |request: ServiceRequest| {
        let web_dir = web_dir.clone();
        async move {
            let (request, _) = request.into_parts();
            let response = serve(&request, &web_dir);
            Ok(ServiceResponse::new(request, response))
        }
    }))
}

/// `app-1a2b3c4d5e6f.js`: a name with a content hash, safe to cache forever.
fn is_hashed(name: &str) -> bool {
    name.split(['-', '.'])
        .any(|part| part.len() >= 12 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether a path asks for one of the web app's own files (the app's routes have no
/// extension).
fn names_an_app_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    [".wasm", ".js", ".css"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// A file directly in the web folder, if the path names one (no folders, no dot-files).
fn asset(web_dir: &Path, path: &str) -> Option<PathBuf> {
    let name = path.strip_prefix('/')?;
    let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']);
    let file = web_dir.join(name);
    (plain && name != "index.html" && file.is_file()).then_some(file)
}

fn accepts(request: &HttpRequest, encoding: &str) -> bool {
    request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accepted| {
            accepted.split(',').any(|item| {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim();
                let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
                name.eq_ignore_ascii_case(encoding) && !refused
            })
        })
}

fn serve(request: &HttpRequest, web_dir: &Path) -> HttpResponse {
    let (file, cache) = match asset(web_dir, request.path()) {
        Some(file) => {
            let immutable = file.file_name().and_then(|n| n.to_str()).is_some_and(is_hashed);
            let cache = if immutable {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            (file, cache)
        }
        // A file of the app that is not there is an old page asking for what an upgrade
        // replaced: a 404 it can tell from the app (a new page names the new files), not
        // index.html under a wasm or script name.
        None if names_an_app_file(request.path()) => {
            return HttpResponse::NotFound()
                .content_type("text/plain; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body("No such file of the web app: it was probably updated. Reload the page.");
        }
        None => (web_dir.join("index.html"), "no-cache"),
    };
    let mime = actix_files::file_extension_to_mime(file.extension().and_then(|e| e.to_str()).unwrap_or(""));
    let variants = [("br", ContentEncoding::Brotli), ("gzip", ContentEncoding::Gzip)];
    let compressed = variants.iter().find_map(|(encoding, content_encoding)| {
        let extension = if *encoding == "br" { "br" } else { "gz" };
        let path = PathBuf::from(format!("{}.{extension}", file.display()));
        (accepts(request, encoding) && path.is_file()).then_some((path, *content_encoding))
    });
    let opened = match &compressed {
        Some((path, encoding)) => NamedFile::open(path).map(|f| f.set_content_encoding(*encoding)),
        None => NamedFile::open(&file).map(|f| f.set_content_encoding(ContentEncoding::Identity)),
    };
    match opened {
        Ok(named) => {
            // The stored variant's own name would make it a download (`index.html.br`).
            let mut response = named
                .disable_content_disposition()
                .set_content_type(mime)
                .use_etag(true)
                .use_last_modified(true)
                .into_response(request);
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            response
        }
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("The Relais web app is not built. Run `make web` (or `make run`), then reload."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("app-1a2b3c4d5e6f.js"));
        assert!(is_hashed("app-1a2b3c4d5e6f_bg.wasm") || is_hashed("app-1a2b3c4d5e6f.wasm"));
        assert!(!is_hashed("style.css"));
        assert!(!is_hashed("index.html"));
    }

    #[test]
    fn a_missing_app_file_is_a_404_and_a_route_is_the_app() {
        let web_dir = std::env::temp_dir().join(format!("relais-web-{}", std::process::id()));
        std::fs::create_dir_all(&web_dir).expect("temp dir");
        std::fs::write(web_dir.join("index.html"), "<!doctype html>").expect("index written");
        std::fs::write(web_dir.join("split_why-0123456789abcdef.wasm"), b"\0asm").expect("part written");
        let status = |path: &str| {
            let request = actix_web::test::TestRequest::with_uri(path).to_http_request();
            let response = serve(&request, &web_dir);
            let kind = response
                .headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap_or_default().to_owned());
            (response.status().as_u16(), kind.unwrap_or_default())
        };
        assert_eq!(
            status("/split_why-0123456789abcdef.wasm"),
            (200, "application/wasm".into())
        );
        for missing in [
            "/split_why-ffffffffffffffff.wasm",
            "/app-ffffffffffffffff.js",
            "/style-ffffffffffffffff.css",
        ] {
            assert_eq!(status(missing).0, 404, "{missing}");
        }
        for route in [
            "/tips/spotlight",
            "/programmes/0b6c1f6e-0000-4000-8000-000000000000",
            "/",
        ] {
            assert_eq!(status(route), (200, "text/html; charset=utf-8".into()), "{route}");
        }
        std::fs::remove_dir_all(&web_dir).expect("temp dir removed");
    }
}
