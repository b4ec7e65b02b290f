//! The cover image named by `cover:` in `book.yaml`.
//!
//! It is checked like every other image of the book (read under the same
//! size cap, sniffed and decoded under the same limits by
//! [`super::convert::check`]) but embedded byte for byte, as the author
//! made it. Anything wrong with it is a warning: the EPUB then gets a drawn
//! cover.

use std::path::Path;

use super::Settings;
use crate::diagnostics::Diagnostics;
use crate::model::ImageAsset;

/// Reads and checks the cover `cover` (a path relative to the book folder
/// `root`). A file that is missing, outside the book folder or not an
/// image the decoder accepts is a warning and `None`.
pub fn load(
    root: &Path,
    cover: &str,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Option<ImageAsset> {
    let config_file = root.join("book.yaml");
    let path = root.join(cover);
    // The rule of every local image: an existing file, links resolved,
    // inside the book folder.
    let inside = super::locate::inside(root, &path, "the book folder");
    if !matches!(inside, super::locate::Location::Local(_)) {
        diags.warn(
            &config_file,
            None,
            format!(
                "cover {cover:?} is not a file inside the book folder; a cover is drawn instead"
            ),
        );
        return None;
    }
    let bytes = match super::read_limited(&path, settings) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.warn(
                &path,
                None,
                format!("cover cannot be read ({e}); a cover is drawn instead"),
            );
            return None;
        }
    };
    match super::convert::check(bytes, &settings.convert) {
        Ok(asset) => Some(asset),
        Err(e) => {
            diags.warn(
                &path,
                None,
                format!("is not a cover image the EPUB can carry ({e}); a cover is drawn instead"),
            );
            None
        }
    }
}
