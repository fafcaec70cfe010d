//! The migrations are embedded at compile time: rebuild when any of them is added or changed
//! (Cargo does not see new files in a folder by itself).
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
