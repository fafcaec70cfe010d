//! Request-rate limits: a fixed window per key (a client address, an account).

/// Requests counted in the current window for one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Window {
    /// Start of the window, in seconds since the epoch.
    pub started_at: i64,
    pub count: u32,
}

/// Counts one request at `now` against `limit` per `window_seconds`. Returns the updated
/// window, and when over the limit, the seconds until the window resets.
pub fn count_request(window: Window, now: i64, window_seconds: i64, limit: u32) -> (Window, Option<i64>) {
    let window_seconds = window_seconds.max(1);
    let current = if now - window.started_at >= window_seconds || now < window.started_at {
        Window {
            started_at: now - now.rem_euclid(window_seconds),
            count: 0,
        }
    } else {
        window
    };
    if current.count >= limit {
        let retry_after = (current.started_at + window_seconds - now).max(1);
        (current, Some(retry_after))
    } else {
        (
            Window {
                count: current.count + 1,
                ..current
            },
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_then_says_when_the_window_resets() {
        let mut window = Window::default();
        for second in 0..3 {
            let (next, refused) = count_request(window, 60 + second, 60, 3);
            assert_eq!(refused, None, "request {second}");
            window = next;
        }
        let (window, refused) = count_request(window, 100, 60, 3);
        assert_eq!(refused, Some(20), "the window of [60, 120) resets at 120");
        let (_, refused) = count_request(window, 120, 60, 3);
        assert_eq!(refused, None, "a new window");
    }

    #[test]
    fn a_zero_limit_refuses_everything() {
        assert!(count_request(Window::default(), 5, 60, 0).1.is_some());
    }
}
