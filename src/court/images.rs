//! The image files a court file names (`seal`, `clerk.signature`): each must be a PNG or
//! JPEG file in the court's own folder (`courts/<id>/`) that the typesetter can read. A
//! clerk who names a seal or a signature expects it on every letter, so a file that is
//! missing, outside that folder or unreadable stops the build at the field naming it,
//! rather than letters going out without it.

use std::path::{Component, Path};

use super::schema::{Finding, scalar};
use super::source::Spot;
use super::tree::Node;

/// The value of `clerk.signature` that asks for the electronic form, "/s/ Jane Roe".
pub const SLASH_S: &str = "/s/";

/// Largest image file accepted: a seal or a signature is a few hundred kilobytes at most,
/// and the file is read whole for every notice that prints it.
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// The mistakes of the image fields of `root`, whose images live in `folder` (the court's
/// folder beside its file, `courts/<id>/`; `None` when the file has no folder around it).
pub fn check(folder: Option<&Path>, id: &str, root: &Node) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (path, field, what) in [
        (&["seal"][..], "seal", "seal"),
        (&["clerk", "signature"][..], "clerk.signature", "signature"),
    ] {
        let Some((text, mark)) = scalar(root, path) else {
            continue;
        };
        let value = text.trim();
        // Empty, `~` or `null`: no image, as if left out. Other flaws of text (line breaks,
        // control characters) are the walk's to report.
        if value.is_empty() || value == "~" || value == "null" || value != text {
            continue;
        }
        if field == "clerk.signature" && value == SLASH_S {
            continue;
        }
        if let Some((message, help)) = image_flaw(folder, id, value, what) {
            findings.push(Finding {
                spot: Spot::at(mark),
                field: Some(field.to_string()),
                message,
                help: Some(help),
            });
        }
    }
    findings
}

/// What is wrong with `value` as the name of an image file in `folder`, and what to do.
fn image_flaw(
    folder: Option<&Path>,
    id: &str,
    value: &str,
    what: &str,
) -> Option<(String, String)> {
    // The folder as the court file's path names it (`courts/nmd/`), wherever courts are kept.
    let place = match folder {
        Some(dir) => format!("{}/", dir.display()),
        None => format!("{id}/"),
    };
    let inside = !value.contains(':')
        && Path::new(value)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Some((
            format!("`{value}` is not a file name inside the court's folder"),
            format!(
                "put the {what} image in {place} and give its name there, e.g. `{what}.png`{}",
                if what == "signature" {
                    ", or write `/s/` for the electronic form"
                } else {
                    ""
                }
            ),
        ));
    }
    let file = folder.map(|dir| dir.join(value));
    if file.as_deref().is_some_and(Path::is_dir) {
        return Some((
            format!("`{place}{value}` is a folder, not the {what} image"),
            format!("give the name of the {what}'s PNG or JPEG file in {place}"),
        ));
    }
    let Some(file) = file.filter(|file| file.is_file()) else {
        return Some((
            format!("the {what} image `{place}{value}` does not exist"),
            format!("put the {what} (a PNG or JPEG file) in {place}, or remove this line"),
        ));
    };
    // A link inside the folder may lead out of it; what is printed must be the court's own.
    if let (Some(dir), Ok(real)) = (folder, file.canonicalize())
        && dir.canonicalize().is_ok_and(|dir| !real.starts_with(dir))
    {
        return Some((
            format!(
                "the {what} image `{place}{value}` is a link to a file outside the court's folder"
            ),
            format!("copy the {what} file itself into {place}"),
        ));
    }
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    if size > MAX_IMAGE_BYTES {
        return Some((
            format!(
                "the {what} image `{place}{value}` is {} MiB, over the {} MiB an image may be",
                size.div_ceil(1024 * 1024),
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
            "save it smaller: a few hundred pixels across are enough for print".into(),
        ));
    }
    if crate::typeset::image::load(&file).is_none() {
        return Some((
            format!(
                "the {what} image `{place}{value}` is not a PNG or JPEG image noticegen can read"
            ),
            "save it again as PNG or JPEG (the file may be damaged, or another format renamed)"
                .into(),
        ));
    }
    None
}
