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
}
