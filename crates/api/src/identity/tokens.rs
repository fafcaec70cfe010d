//! Credentials: argon2id password hashes, HS256 access tokens with a key id, and opaque
//! refresh tokens stored as SHA-256 digests.

use crate::errors::ApiError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Version};
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use relais_domain::identity::Role;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const ISSUER: &str = "relais";
pub const AUDIENCE: &str = "relais-api";
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
/// A refresh token is good for 14 days unless rotated earlier; a session lasts 30 days.
pub const REFRESH_TOKEN_DAYS: i64 = 14;
pub const SESSION_DAYS: i64 = 30;
pub const JWT_KEY_PURPOSE: &str = "jwt-hs256";

/// Argon2id with the parameters of new hashes (the password gate's, one definition).
fn argon2() -> Result<Argon2<'static>, ApiError> {
    let params = super::passwords::new_hash_params()?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::Internal(format!("salt: {e}")))?;
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::Internal(format!("argon2 hash: {e}")))
}

/// True when `password` matches `hash`; an unreadable hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2()
        .map(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// The claims of an access token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub org: String,
    pub sid: String,
    pub role: Role,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    /// Not before: the moment of issue.
    pub nbf: i64,
    pub exp: i64,
}

/// Seconds of clock difference tolerated between processes.
const LEEWAY_SECONDS: i64 = 5;

/// Verified tokens by signature: the whole token and its claims.
type VerifiedTokens = HashMap<Box<str>, (Box<str>, Arc<Claims>)>;

/// Beyond this many remembered tokens (a few hundred bytes each), the expired ones are
/// dropped, and all of them if that frees less than a tenth.
const MAX_VERIFIED: usize = 10_000;

pub struct TokenKeys {
    key_id: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// What a token must say besides its signature; built once, not per request.
    validation: Validation,
    /// Tokens whose signature and claims were checked, by their text: a client sends the
    /// same access token with every request for 15 minutes, and checking it again (parsing
    /// its header and claims twice, the HMAC) was a fifth of an authenticated request's
    /// time. Only tokens this key signed get here, so a stranger cannot fill it; times are
    /// checked again on every use.
    /// Keyed by the signature (the token's last 43 characters), which is shorter to hash;
    /// the whole token is compared on a hit.
    verified: Mutex<VerifiedTokens>,
    /// Verified against when the e-mail is unknown, so that both answers take as long.
    pub dummy_password_hash: String,
}

impl TokenKeys {
    pub fn new(key_id: String, secret_b64: &str) -> Result<Self, ApiError> {
        let secret = base64::engine::general_purpose::STANDARD
            .decode(secret_b64)
            .map_err(|e| ApiError::Internal(format!("jwt key is not base64: {e}")))?;
        Ok(Self {
            key_id,
            encoding: EncodingKey::from_secret(&secret).map_err(|e| ApiError::Internal(format!("jwt key: {e}")))?,
            decoding: DecodingKey::from_secret(&secret).map_err(|e| ApiError::Internal(format!("jwt key: {e}")))?,
            validation: validation(),
            verified: Mutex::default(),
            dummy_password_hash: hash_password("relais-dummy-password-for-timing")?,
        })
    }

    /// 256 random bits, base64, for a new HS256 key.
    pub fn generate_secret() -> String {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        base64::engine::general_purpose::STANDARD.encode(secret)
    }

    pub fn issue(
        &self,
        user_id: &str,
        organisation_id: &str,
        session_id: &str,
        role: Role,
    ) -> Result<String, ApiError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_owned(),
            org: organisation_id.to_owned(),
            sid: session_id.to_owned(),
            role,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TOKEN_SECONDS,
        };
        let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(self.key_id.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("jwt encode: {e}")))
    }

    /// Checks signature (HS256 only), key id, issuer, audience, expiry, not-before, and that
    /// it was not issued in the future.
    /// The claims of a token this key signed, still in its time.
    pub fn verify(&self, token: &str) -> Result<Arc<Claims>, ApiError> {
        self.verify_at(token, chrono::Utc::now().timestamp())
    }

    fn verify_at(&self, token: &str, now: i64) -> Result<Arc<Claims>, ApiError> {
        let invalid = || ApiError::unauthenticated("invalid_token", "the access token is invalid or expired");
        let remembered = self
            .remembered()
            .get(signature(token))
            .filter(|(whole, _)| whole.as_ref() == token)
            .map(|(_, claims)| claims.clone());
        let claims = match remembered {
            Some(claims) => claims,
            None => {
                let data =
                    jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|_| invalid())?;
                if data.header.kid.as_deref() != Some(self.key_id.as_str()) {
                    return Err(invalid());
                }
                let claims = Arc::new(data.claims);
                if in_time(&claims, now) {
                    self.remember(token, claims.clone(), now);
                }
                claims
            }
        };
        if in_time(&claims, now) {
            Ok(claims)
        } else {
            Err(invalid())
        }
    }

    fn remembered(&self) -> std::sync::MutexGuard<'_, VerifiedTokens> {
        // Each change is one insert, retain or clear: a panic cannot leave it half-changed.
        self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn remember(&self, token: &str, claims: Arc<Claims>, now: i64) {
        let mut verified = self.remembered();
        if verified.len() >= MAX_VERIFIED {
            verified.retain(|_, (_, claims)| in_time(claims, now));
            // Unless a tenth was freed, start again: otherwise each new token would scan
            // the whole map under the lock while few expire.
            if verified.len() >= MAX_VERIFIED * 9 / 10 {
                verified.clear();
            }
        }
        verified.insert(signature(token).into(), (token.into(), claims));
    }
}

/// What follows a token's last dot.
fn signature(token: &str) -> &str {
    token.rsplit('.').next().unwrap_or(token)
}

fn validation() -> Validation {
    let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = LEEWAY_SECONDS as u64;
    validation
}

/// Whether a token's times hold at `now` (with the leeway for clocks a little apart): not
/// expired, not before its start, not issued in the future.
fn in_time(claims: &Claims, now: i64) -> bool {
    claims.exp >= now - LEEWAY_SECONDS && claims.nbf <= now + LEEWAY_SECONDS && claims.iat <= now + LEEWAY_SECONDS
}

/// A new opaque refresh token (256 bits, URL-safe) and the digest stored for it.
pub fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let digest = refresh_token_digest(&token);
    (token, digest)
}

pub fn refresh_token_digest(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() -> Result<(), ApiError> {
        let hash = hash_password("correct horse battery")?;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        assert!(!verify_password("anything", "not a hash"));
        Ok(())
    }

    #[test]
    fn tokens_are_pinned_to_algorithm_and_key() -> Result<(), ApiError> {
        let keys = TokenKeys::new("k1".into(), &TokenKeys::generate_secret())?;
        let token = keys.issue("u", "o", "s", Role::Admin)?;
        assert_eq!(keys.verify(&token)?.sub, "u");
        let other = TokenKeys::new("k1".into(), &TokenKeys::generate_secret())?;
        assert!(other.verify(&token).is_err(), "another secret");
        let other_kid = TokenKeys::new("k2".into(), &TokenKeys::generate_secret())?;
        assert!(other_kid.verify(&token).is_err(), "another key id");
        // alg=none with the same claims must be refused.
        let parts: Vec<&str> = token.split('.').collect();
        let none_header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"k1"}"#);
        assert!(
            keys.verify(&format!("{none_header}.{}.", parts[1])).is_err(),
            "alg none"
        );
        Ok(())
    }

    #[test]
    fn tokens_from_the_future_or_without_not_before_are_refused() -> Result<(), ApiError> {
        let keys = TokenKeys::new("k1".into(), &TokenKeys::generate_secret())?;
        let now = chrono::Utc::now().timestamp();
        let sign = |claims: serde_json::Value| {
            let mut header = Header::new(jsonwebtoken::Algorithm::HS256);
            header.kid = Some("k1".into());
            jsonwebtoken::encode(&header, &claims, &keys.encoding).unwrap_or_default()
        };
        let claims = |iat: i64, nbf: Option<i64>| {
            let mut claims = serde_json::json!({"sub": "u", "org": "o", "sid": "s", "role": "admin",
                "iss": ISSUER, "aud": AUDIENCE, "iat": iat, "exp": now + 600});
            if let Some(nbf) = nbf {
                claims["nbf"] = nbf.into();
            }
            claims
        };
        assert!(keys.verify(&sign(claims(now, Some(now)))).is_ok(), "a fresh token");
        assert!(
            keys.verify(&sign(claims(now + 300, Some(now)))).is_err(),
            "issued in the future"
        );
        assert!(
            keys.verify(&sign(claims(now, Some(now + 300)))).is_err(),
            "not valid yet"
        );
        assert!(keys.verify(&sign(claims(now, None))).is_err(), "no not-before");
        Ok(())
    }

    #[test]
    fn a_remembered_token_is_refused_once_expired() -> Result<(), ApiError> {
        let keys = TokenKeys::new("k1".into(), &TokenKeys::generate_secret())?;
        let token = keys.issue("u", "o", "s", Role::Learner)?;
        let now = chrono::Utc::now().timestamp();
        assert_eq!(keys.verify_at(&token, now)?.sub, "u");
        assert_eq!(keys.remembered().len(), 1, "verified once, then remembered");
        assert!(keys.verify_at(&token, now + ACCESS_TOKEN_SECONDS - 60).is_ok());
        assert!(
            keys.verify_at(&token, now + ACCESS_TOKEN_SECONDS + 60).is_err(),
            "expired while remembered"
        );
        // A token altered by one character is checked again, and refused.
        let mut altered = token.clone().into_bytes();
        let last = altered.len() - 2;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap_or_default();
        assert!(keys.verify_at(&altered, now).is_err(), "altered signature");
        Ok(())
    }

    #[test]
    fn remembered_tokens_stay_bounded() -> Result<(), ApiError> {
        let keys = TokenKeys::new("k1".into(), &TokenKeys::generate_secret())?;
        let now = chrono::Utc::now().timestamp();
        for i in 0..MAX_VERIFIED + 5 {
            let token = keys.issue(&format!("u{i}"), "o", "s", Role::Learner)?;
            keys.verify_at(&token, now)?;
        }
        assert!(keys.remembered().len() <= MAX_VERIFIED);
        Ok(())
    }
}
