//! The court's images a web page shows (seal, signature, screenshots): the HTML links them by
//! their path in the court's folder (`<img src="seal.png">`), so each goes beside the page,
//! `out/<court>/<path>`, or a published page would show a broken image. The PDF embeds them
//! and needs no copy.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Largest image copied: a seal, a signature or a screenshot is far smaller, and a larger
/// file is more likely a mistake than a picture.
const MAX_BYTES: u64 = crate::court::MAX_IMAGE_BYTES;
/// What a browser shows in `<img>`.
const EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// The images of `court` (paths in its folder `assets`) found there, as (path under `out/`,
/// bytes). An image that is missing is left out: the page then shows its description, as
/// the PDF shows a box (the seal and the signature were checked when the court file was
/// read). Only files inside the folder are read, never through a link out of it.
pub fn files<'a>(
    court: &str,
    assets: &Path,
    images: impl IntoIterator<Item = &'a Path>,
) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(root) = assets.canonicalize() else {
        return Vec::new();
    };
    images
        .into_iter()
        .filter_map(|relative| {
            read_inside(&root, relative).map(|bytes| (Path::new(court).join(relative), bytes))
        })
        .collect()
}

/// The images `markdown` shows that name a file by a plain relative path, each once.
#[cfg(test)]
pub fn paths(markdown: &str) -> Vec<PathBuf> {
    local(&crate::markdown::image_urls(markdown))
}

/// Of image addresses `urls`, those that name a file by a plain relative path, each once.
pub fn local(urls: &[String]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for url in urls {
        if let Some(path) = plain_relative(url)
            && !paths.contains(&path)
        {
            paths.push(path);
        }
    }
    paths
}

fn plain_relative(url: &str) -> Option<PathBuf> {
    if url.contains([':', '?', '#', '\\']) {
        return None;
    }
    let path = Path::new(url);
    let plain = path.components().count() > 0
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    (plain && EXTENSIONS.contains(&extension.as_str())).then(|| path.to_path_buf())
}

/// The bytes of `root/relative` when it is a file inside `root` (after following any link)
/// of at most [`MAX_BYTES`].
fn read_inside(root: &Path, relative: &Path) -> Option<Vec<u8>> {
    let path = root.join(relative).canonicalize().ok()?;
    let meta = fs::metadata(&path).ok()?;
    if !path.starts_with(root) || !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    fs::read(&path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a build publishes for a page of `markdown` of court `wvsb`, in `folder`.
    fn of(folder: &Path, markdown: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let images = paths(markdown);
        files("wvsb", folder, images.iter().map(PathBuf::as_path))
    }

    #[test]
    fn images_of_the_court_folder_go_beside_the_page_and_nothing_else_does() {
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("wvsb");
        fs::create_dir_all(folder.join("screenshots")).unwrap();
        fs::write(folder.join("seal.png"), b"seal").unwrap();
        fs::write(folder.join("screenshots/login.png"), b"shot").unwrap();
        fs::write(temp.path().join("secret.png"), b"secret").unwrap();
        fs::write(folder.join("notes.txt"), b"text").unwrap();
        let markdown = "![Seal](<seal.png>)\n\n![Login](screenshots/login.png)\n\n\
            ![Again](seal.png) ![Out](../secret.png) ![Abs](/etc/x.png) ![Web](https://x.gov/a.png)\n\n\
            ![Missing](gone.png) ![Text](notes.txt) [a link](seal.png)\n";
        let files = of(&folder, markdown);
        let names: Vec<String> = files
            .iter()
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert_eq!(names, ["wvsb/seal.png", "wvsb/screenshots/login.png"]);
        assert_eq!(files[0].1, b"seal");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_court_folder_is_not_followed() {
        let temp = tempfile::tempdir().unwrap();
        let folder = temp.path().join("wvsb");
        fs::create_dir_all(&folder).unwrap();
        fs::write(temp.path().join("secret.png"), b"secret").unwrap();
        std::os::unix::fs::symlink(temp.path().join("secret.png"), folder.join("seal.png"))
            .unwrap();
        assert!(of(&folder, "![Seal](seal.png)\n").is_empty());
    }
}
