//! The demo's recognition: filled in by the next step.
