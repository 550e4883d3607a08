//! The court's images a web page shows (seal, signature, screenshots): the HTML links them by
//! their path in the court's folder (`<img src="seal.png">`), so each goes beside the page,
//! `out/<court>/<path>`, or a published page would show a broken image. The PDF embeds them
//! and needs no copy.

use std::fs;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::notice::Notice;

/// Largest image copied: a seal, a signature or a screenshot is far smaller, and a larger
/// file is more likely a mistake than a picture.
const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// What a browser shows in `<img>`.
const EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Each image of `notice` found in its court's folder, as (path under `out/`, bytes). An
/// image that is missing is left out: the page then shows its description, as the PDF
/// shows a box (the seal and the signature were checked when the court file was read).
/// Only plain relative paths inside the folder are followed, never a link out of it.
pub fn of(notice: &Notice) -> Vec<(PathBuf, Vec<u8>)> {
    let Some(folder) = notice.assets.as_deref() else {
        return Vec::new();
    };
    let Ok(root) = folder.canonicalize() else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for relative in image_paths(&notice.markdown) {
        if found.iter().any(|(path, _)| path.ends_with(&relative)) {
            continue;
        }
        if let Some(bytes) = read_inside(&root, &relative) {
            found.push((Path::new(&notice.court).join(&relative), bytes));
        }
    }
    found
}

/// The image destinations of `markdown` that name a file by a plain relative path.
fn image_paths(markdown: &str) -> Vec<PathBuf> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => plain_relative(&dest_url),
            _ => None,
        })
        .collect()
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

    fn notice(folder: &Path, markdown: &str) -> Notice {
        Notice {
            court: "wvsb".to_string(),
            kind: "letter".to_string(),
            meta: crate::notice::NoticeMeta {
                title: "Letter".into(),
                description: String::new(),
                author: "Clerk".into(),
                subject: String::new(),
                keywords: Vec::new(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 3, 2).unwrap(),
                layout: crate::notice::Layout::Letter,
                lang: "en-US".into(),
                words: crate::lang::Strings::diagnostics(),
            },
            markdown: markdown.to_string(),
            footer: None,
            assets: Some(folder.to_path_buf()),
        }
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
        let files = of(&notice(&folder, markdown));
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
        assert!(of(&notice(&folder, "![Seal](seal.png)\n")).is_empty());
    }
}
