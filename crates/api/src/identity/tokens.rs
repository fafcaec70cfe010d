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

pub struct TokenKeys {
    key_id: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
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
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let invalid = || ApiError::unauthenticated("invalid_token", "the access token is invalid or expired");
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.kid.as_deref() != Some(self.key_id.as_str()) {
            return Err(invalid());
        }
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS as u64;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|_| invalid())?;
        if claims.iat > chrono::Utc::now().timestamp() + LEEWAY_SECONDS {
            return Err(invalid());
        }
        Ok(claims)
    }
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
}
