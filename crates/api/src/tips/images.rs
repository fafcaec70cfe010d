//! A tip's image: uploaded as the file itself (PNG, JPEG or WebP, 2 MiB at most), decoded and
//! re-encoded by the server — so no metadata (EXIF, GPS, comments) nor anything hidden in the
//! upload reaches colleagues — scaled down to 1,600 pixels at most, and stored under the data
//! directory. Read with the caller's token, like the tip: drafts stay their author's.

use super::{may_edit, visible_tip};
use crate::errors::ApiError;
use crate::extract::ApiQuery;
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::{delete, get, http::header, put, web, HttpResponse};
use futures_util::StreamExt;
use relais_db::tips::images::{NewTipImage, TipImageRow};
use relais_domain::access::Action;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::Tenant;
use relais_domain::tips::{
    ImageAlt, ImageQuery, ImageVersion, TipId, TipImage, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE, MAX_UPLOAD_SIDE,
};
use relais_domain::Problem;
use std::path::PathBuf;

/// An image file in the contract (a request or an answer body that is not JSON).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImageFile(pub Vec<u8>);

/// The image as the API describes it.
pub fn view(row: TipImageRow) -> TipImage {
    TipImage {
        // The file's own name is its version: a replaced image has a new address.
        url: format!(
            "/api/v1/tips/{}/image?v={}",
            row.tip_id,
            row.file_name.split('.').next().unwrap_or_default()
        ),
        content_type: row.content_type,
        width: u32::try_from(row.width).unwrap_or(0),
        height: u32::try_from(row.height).unwrap_or(0),
        bytes: u32::try_from(row.bytes).unwrap_or(0),
        alt: row.alt,
    }
}

/// The folder of an organisation's tip images.
fn folder(state: &AppState, tenant: &Tenant) -> PathBuf {
    state.config.data_dir.join("tip-images").join(tenant.as_str())
}

/// Removes a file no row names any more (a replaced or deleted image); a failure is logged,
/// not the caller's problem.
pub fn forget(state: &AppState, tenant: &Tenant, file: &str) {
    let path = folder(state, tenant).join(file);
    if let Err(error) = std::fs::remove_file(&path) {
        if error.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(path = %path.display(), %error, "old tip image not removed");
        }
    }
}

/// An upload re-encoded.
struct Encoded {
    bytes: Vec<u8>,
    content_type: &'static str,
    extension: &'static str,
    width: u32,
    height: u32,
}

fn not_an_image() -> ApiError {
    ApiError::field(
        "body",
        "not_an_image",
        "the file is not a readable PNG, JPEG or WebP image",
    )
}

/// Decodes the upload (within bounds: a small file can claim huge dimensions), turns it the
/// right way up, scales it down if needed and encodes it afresh: PNG stays PNG (and WebP
/// becomes PNG), JPEG stays JPEG at quality 85.
fn reencode(upload: &[u8]) -> Result<Encoded, ApiError> {
    use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
    let mut reader = ImageReader::new(std::io::Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| not_an_image())?;
    let jpeg = match reader.format() {
        Some(ImageFormat::Jpeg) => true,
        Some(ImageFormat::Png | ImageFormat::WebP) => false,
        _ => return Err(ApiError::field("body", "unsupported_type", "a PNG, JPEG or WebP image")),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_UPLOAD_SIDE);
    limits.max_image_height = Some(MAX_UPLOAD_SIDE);
    // 6,000 × 6,000 in 8-bit RGBA is 144 MB; deeper colour at that size is refused.
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let too_large = |error: image::ImageError| match error {
        image::ImageError::Limits(_) => ApiError::field(
            "body",
            "too_large",
            format!("at most {MAX_UPLOAD_SIDE} × {MAX_UPLOAD_SIDE} pixels"),
        ),
        _ => not_an_image(),
    };
    // One decode at a time in the process: a few small files can each ask for hundreds of
    // megabytes and seconds of CPU; waiting in line is better than running out of memory.
    static DECODING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = DECODING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut decoder = reader.into_decoder().map_err(too_large)?;
    let orientation = decoder.orientation().ok();
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(too_large)?;
    if let Some(orientation) = orientation {
        decoded.apply_orientation(orientation);
    }
    let image = if decoded.width() > MAX_IMAGE_SIDE || decoded.height() > MAX_IMAGE_SIDE {
        decoded.resize(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE, image::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    let mut bytes = Vec::new();
    let failed = |e: image::ImageError| ApiError::Internal(format!("image encoding: {e}"));
    if jpeg {
        let rgb = image.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
            .encode_image(&rgb)
            .map_err(failed)?;
    } else {
        image
            .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(failed)?;
    }
    Ok(Encoded {
        bytes,
        content_type: if jpeg { "image/jpeg" } else { "image/png" },
        extension: if jpeg { "jpg" } else { "png" },
        width: image.width(),
        height: image.height(),
    })
}

/// Reads the uploaded file, refusing it as soon as it passes the size limit, and giving up
/// when it trickles in.
async fn read_upload(state: &AppState, mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    let read = async {
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest {
                code: "malformed_body",
                detail: e.to_string(),
            })?;
            if body.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(ApiError::PayloadTooLarge { limit: MAX_IMAGE_BYTES });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(())
    };
    // 2 MiB on a slow mobile link takes longer than a JSON body: six times the usual deadline
    // (a trickle is still cut off).
    let seconds = state.config.body_read_timeout_seconds.saturating_mul(6);
    actix_web::rt::time::timeout(std::time::Duration::from_secs(seconds), read)
        .await
        .map_err(|_| ApiError::RequestTimeout)??;
    if body.is_empty() {
        return Err(ApiError::field("body", "required", "send the image file as the body"));
    }
    Ok(body)
}

/// Whether the caller may change the tip's image: its author, or an admin.
fn editable(conn: &mut relais_db::DbConnection, caller: &Caller, id: &TipId) -> Result<(), ApiError> {
    let row = visible_tip(conn, caller, id)?;
    if !may_edit(caller, &row.author_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// Give a tip its image, replacing any earlier one: the body is the file (PNG, JPEG or WebP,
/// 2 MiB at most, 6,000 pixels a side at most), `alt` says what it shows. The server decodes
/// and re-encodes it, so its metadata is dropped. Its author, or an admin.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id"), ImageQuery),
    request_body(content(
        (ImageFile = "image/png"),
        (ImageFile = "image/jpeg"),
        (ImageFile = "image/webp"),
    )),
    responses(
        (status = 200, body = TipImage),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a readable PNG, JPEG or WebP image, or a bad `alt`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/tips/{id}/image")]
pub async fn put_image(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
    query: ApiQuery<ImageQuery>,
    payload: web::Payload,
) -> Result<web::Json<TipImage>, ApiError> {
    caller.require(Action::ShareTips)?;
    let id = id.into_inner();
    // Who may, before reading anything they send.
    let (check_caller, check_id) = (caller.clone(), id.clone());
    state.db(move |conn| editable(conn, &check_caller, &check_id)).await?;
    let alt = ImageAlt::from(query.into_inner()?.alt).check("alt")?;
    let upload = read_upload(&state, payload).await?;
    let encoded = web::block(move || reencode(&upload))
        .await
        .map_err(|e| ApiError::Internal(format!("image worker: {e}")))??;
    let tenant = caller.tenant().clone();
    let dir = folder(&state, &tenant);
    let file_name = format!("{id}-{}.{}", relais_db::new_id(), encoded.extension);
    let path = dir.join(&file_name);
    let (write_path, bytes) = (path.clone(), encoded.bytes);
    let size = bytes.len();
    web::block(move || -> std::io::Result<()> {
        std::fs::create_dir_all(write_path.parent().unwrap_or(std::path::Path::new(".")))?;
        let partial = write_path.with_extension("part");
        std::fs::write(&partial, &bytes)?;
        std::fs::rename(&partial, &write_path)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("image worker: {e}")))?
    .map_err(|e| ApiError::Internal(format!("image not stored: {e}")))?;
    let actor = caller.actor(state.now());
    let (content_type, width, height) = (encoded.content_type, encoded.width, encoded.height);
    let stored_name = file_name.clone();
    let saved = state
        .db_write(move |conn| {
            editable(conn, &caller, &id)?;
            let image = NewTipImage {
                file_name: &stored_name,
                content_type,
                width,
                height,
                bytes: size,
                alt: &alt,
            };
            let replaced = TipImageRow::set(conn, &actor.tenant, &id, &image, actor.now)?;
            actor.record(conn, EventKind::TipUpdated, SubjectType::Tip, &id)?;
            let row = TipImageRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            Ok((row, replaced))
        })
        .await;
    match saved {
        Ok((row, replaced)) => {
            if let Some(old) = replaced {
                forget(&state, &tenant, &old);
            }
            Ok(web::Json(view(row)))
        }
        Err(error) => {
            // Nothing names the new file: it goes.
            forget(&state, &tenant, &file_name);
            Err(error)
        }
    }
}

/// The tip's image file, for whoever may read the tip.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id"), ImageVersion),
    responses(
        (status = 200, content((ImageFile = "image/png"), (ImageFile = "image/jpeg"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tips/{id}/image")]
pub async fn get_image(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
    version: ApiQuery<ImageVersion>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    version.into_inner()?;
    let tenant = caller.tenant().clone();
    let row = state
        .db(move |conn| {
            visible_tip(conn, &caller, &id)?;
            TipImageRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    let path = folder(&state, &tenant).join(&row.file_name);
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(|e| ApiError::Internal(format!("image worker: {e}")))?
        .map_err(|_| ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(row.content_type)
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((header::ETAG, format!("\"{}\"", row.file_name)))
        .body(bytes))
}

/// Remove the tip's image. Its author, or an admin.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 204, description = "Removed (or there was none)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tips/{id}/image")]
pub async fn delete_image(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let tenant = caller.tenant().clone();
    let actor = caller.actor(state.now());
    let removed = state
        .db_write(move |conn| {
            editable(conn, &caller, &id)?;
            let removed = TipImageRow::remove(conn, &id)?;
            if removed.is_some() {
                actor.record(conn, EventKind::TipUpdated, SubjectType::Tip, &*id)?;
            }
            Ok(removed)
        })
        .await?;
    if let Some(file) = removed {
        forget(&state, &tenant, &file);
    }
    Ok(HttpResponse::NoContent().finish())
}
