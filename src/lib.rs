//! dechaff turns scraped web-text dumps into clean text: it repairs encoding
//! damage and strips site chrome (logos, credits, teasers, prompts, repeated
//! titles, stray UI strings), reporting every line it removed and why.
//!
//! The core is pure and single-threaded: [`Cleaner::clean`] takes the bytes
//! of one document and returns a [`Cleaned`]. Walking trees, threads,
//! progress and atomic writes live in [`io`].
//!
//! ```
//! let cleaner = dechaff::Cleaner::new(dechaff::Config::default()).unwrap();
//! let out = cleaner.clean(b"Title\n\n(@someone)\n\nThe body.\nlog in or register\n");
//! assert_eq!(out.text, "Title\n\nThe body.\n");
//! assert_eq!(out.removed.len(), 2);
//! ```

pub mod chrome;
pub mod decode;
pub mod document;
pub mod io;
pub mod lexicon;
pub mod phrases;
pub mod pipeline;
pub mod repair;
pub mod script;

pub use pipeline::{rule_catalog, Cleaned, Cleaner, Config, Fixed, Removed};
