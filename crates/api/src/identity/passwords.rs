//! Password checks behind a gate. Argon2 is slow and memory-hard on purpose (19 MiB, ~60 ms
//! each), which makes an unauthenticated request a lever on the server's CPU and memory. The
//! gate runs at most a few at once (one per core by default), each in memory the gate owns
//! and reuses — so memory stays bounded and nothing is freed to the allocator's per-thread
//! arenas and kept there — and lets a short queue wait; beyond it, callers get 503 with
//! `Retry-After`.

use crate::errors::ApiError;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Condvar, Mutex};

pub struct PasswordGate {
    slots: Mutex<Slots>,
    freed: Condvar,
    queue: usize,
}

struct Slots {
    /// One working memory per computation allowed at once, made on first use and kept;
    /// taken while in use.
    memories: Vec<Option<Vec<Block>>>,
    waiting: usize,
    blocks: usize,
}

/// The parameters of new hashes: OWASP's minimum for argon2id, 19 MiB, two passes, one lane.
pub(crate) fn new_hash_params() -> Result<Params, ApiError> {
    Params::new(19 * 1024, 2, 1, None).map_err(|e| ApiError::Internal(format!("argon2 params: {e}")))
}

impl PasswordGate {
    pub fn new(at_once: usize, queue: usize) -> Self {
        let blocks = new_hash_params().map(|p| p.block_count()).unwrap_or(19 * 1024);
        Self {
            slots: Mutex::new(Slots {
                memories: (0..at_once.max(1)).map(|_| None).collect(),
                waiting: 0,
                blocks,
            }),
            freed: Condvar::new(),
            queue,
        }
    }

    /// Runs `work` with one of the gate's memories, waiting in the queue if they are all in
    /// use, refusing (503) if the queue is full.
    fn with_memory<T>(&self, work: impl FnOnce(&mut [Block]) -> T) -> Result<T, ApiError> {
        let poisoned = |_| ApiError::Internal("password gate poisoned".into());
        let mut slots = self.slots.lock().map_err(poisoned)?;
        let blocks = slots.blocks;
        let memory = match slots.memories.pop() {
            Some(memory) => memory,
            None => {
                if slots.waiting >= self.queue {
                    return Err(ApiError::Busy { retry_after: 1 });
                }
                slots.waiting += 1;
                loop {
                    slots = self.freed.wait(slots).map_err(poisoned)?;
                    if let Some(memory) = slots.memories.pop() {
                        slots.waiting -= 1;
                        break memory;
                    }
                }
            }
        };
        drop(slots);
        let mut memory = memory.unwrap_or_else(|| vec![Block::default(); blocks]);
        let result = work(&mut memory);
        self.slots.lock().map_err(poisoned)?.memories.push(Some(memory));
        self.freed.notify_one();
        Ok(result)
    }

    /// Whether `password` matches the PHC `hash`; an unreadable hash never matches.
    pub fn verify(&self, password: &str, hash: &str) -> Result<bool, ApiError> {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return Ok(false);
        };
        let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
            Algorithm::try_from(parsed.algorithm),
            Params::try_from(&parsed),
            parsed.salt,
            parsed.hash,
        ) else {
            return Ok(false);
        };
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut salt_buffer = [0u8; 64];
        let Ok(salt) = salt.decode_b64(&mut salt_buffer) else {
            return Ok(false);
        };
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let mut computed = vec![0u8; expected.len()];
        let ran = self.with_memory(|memory| {
            let blocks = params.block_count();
            match memory.get_mut(..blocks) {
                Some(memory) => argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut computed, memory),
                // A hash made with more memory than the gate holds (another configuration).
                None => argon2.hash_password_into(password.as_bytes(), salt, &mut computed),
            }
        })?;
        // Output compares in constant time.
        Ok(ran.is_ok() && Output::new(&computed).ok() == Some(expected))
    }

    /// A new PHC hash of `password`.
    pub fn hash(&self, password: &str) -> Result<String, ApiError> {
        use rand::RngCore;
        let params = new_hash_params()?;
        let mut salt_bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt_bytes);
        let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| ApiError::Internal(format!("salt: {e}")))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let mut output = [0u8; 32];
        self.with_memory(|memory| {
            argon2.hash_password_into_with_memory(password.as_bytes(), &salt_bytes, &mut output, memory)
        })?
        .map_err(|e| ApiError::Internal(format!("argon2 hash: {e}")))?;
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(|e| ApiError::Internal(format!("argon2 params: {e}")))?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&output).map_err(|e| ApiError::Internal(format!("argon2 output: {e}")))?),
        };
        Ok(hash.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn the_gate_checks_what_the_plain_functions_made_and_the_other_way_round() -> Result<(), ApiError> {
        let gate = PasswordGate::new(1, 4);
        let plain = super::super::tokens::hash_password("correct horse battery")?;
        assert!(gate.verify("correct horse battery", &plain)?);
        assert!(!gate.verify("correct horse battery!", &plain)?);
        let gated = gate.hash("correct horse battery")?;
        assert!(gated.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{gated}");
        assert!(super::super::tokens::verify_password("correct horse battery", &gated));
        assert!(!gate.verify("anything", "not a hash")?);
        Ok(())
    }

    #[test]
    fn at_most_the_allowed_number_run_at_once_and_a_full_queue_refuses() {
        let gate = Arc::new(PasswordGate::new(2, 2));
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (gate, inside, most, refused) = (gate.clone(), inside.clone(), most.clone(), refused.clone());
                std::thread::spawn(move || {
                    let result = gate.with_memory(|_| {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        inside.fetch_sub(1, Ordering::SeqCst);
                    });
                    if matches!(result, Err(ApiError::Busy { .. })) {
                        refused.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for thread in threads {
            let _ = thread.join();
        }
        assert!(
            most.load(Ordering::SeqCst) <= 2,
            "{} at once",
            most.load(Ordering::SeqCst)
        );
        assert!(
            refused.load(Ordering::SeqCst) >= 1,
            "8 callers for 2 places and 2 in the queue"
        );
    }
}
