//! The session bundle: what the jury deliberates on. Loading and validation
//! live here, with no terminal in sight, so `jury check`, the TUI and the
//! verifier all read bundles the same way.

mod load;
mod model;
mod text;
mod validate;

pub use load::{BUNDLE_KIND, BundleError, BundleFile, MAX_BUNDLE_BYTES, Problem, load, parse};
pub use model::*;
pub use validate::{
    LANGUAGES, MAX_CRITERIA, MAX_GRADES, MAX_JURORS, MAX_PROJECTS, MIN_GRADES, is_valid_id,
};

/// The demo session, embedded so `jury` works from any folder.
pub const DEMO_SOURCE: &str = include_str!("../../sessions/demo.ron");
pub const DEMO_NAME: &str = "sessions/demo.ron";

/// The embedded demo, already validated by the test suite.
pub fn demo() -> BundleFile {
    parse(DEMO_NAME, DEMO_SOURCE.as_bytes()).expect("the embedded demo bundle is valid")
}
