//! Serves the built web app, with `index.html` for any other path so deep links work.

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::HttpResponse;
use std::path::PathBuf;

pub fn files(web_dir: PathBuf) -> Files {
    let index = web_dir.join("index.html");
    Files::new("/", web_dir)
        .index_file("index.html")
        .use_etag(true)
        .default_handler(actix_web::dev::fn_service(move |request: ServiceRequest| {
            let index = index.clone();
            async move {
                let (request, _) = request.into_parts();
                let response = match NamedFile::open(&index) {
                    Ok(file) => {
                        let mut response = file.into_response(&request);
                        response
                            .headers_mut()
                            .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
                        response
                    }
                    Err(_) => HttpResponse::ServiceUnavailable()
                        .content_type("text/plain; charset=utf-8")
                        .body("The Relais web app is not built. Run `make web` (or `make run`), then reload."),
                };
                Ok(ServiceResponse::new(request, response))
            }
        }))
}
