//! What one output file is made from, as a key: a rebuild whose key for a file is the one
//! recorded beside that file (see `output::record`) skips rendering it. The key covers
//! everything a renderer reads: the binary that renders, the renderer's settings, every field
//! of the merged notice, and the bytes of every file the Markdown's images point at.
//!
//! The hash is SipHash with fixed keys (`DefaultHasher::new()`), twice with different
//! prefixes for 128 bits: stable for one binary, and the binary's identity is part of every
//! key, so a rebuilt noticegen never takes an old file for its own.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::notice::Notice;
use crate::output::Key;

/// Changes whenever what goes into a key changes meaning, so older records are not trusted.
const FORMAT: u32 = 1;

/// Two SipHash states over the same data, for a 128-bit key.
#[derive(Clone)]
pub struct KeyHasher {
    high: DefaultHasher,
    low: DefaultHasher,
}

impl KeyHasher {
    pub fn new() -> KeyHasher {
        let mut high = DefaultHasher::new();
        let mut low = DefaultHasher::new();
        high.write_u8(b'h');
        low.write_u8(b'l');
        KeyHasher { high, low }
    }

    pub fn key(&self) -> Key {
        (u128::from(self.high.finish()) << 64) | u128::from(self.low.finish())
    }
}

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher::new()
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.high.write(bytes);
        self.low.write(bytes);
    }

    fn finish(&self) -> u64 {
        self.low.finish()
    }
}

/// Keys for the outputs of one build. Images are hashed once per build, however many notices
/// show them (a court's seal is on every letter).
#[derive(Default)]
pub struct Inputs {
    images: Mutex<HashMap<PathBuf, Key>>,
}

impl Inputs {
    /// The part of every key of `notice`'s files that the notice decides; finish it with
    /// [`output_key`] for each renderer.
    #[cfg(test)]
    pub fn notice(&self, notice: &Notice) -> KeyHasher {
        self.notice_showing(notice, &crate::markdown::image_urls(&notice.markdown))
    }

    /// [`Inputs::notice`] for a notice whose Markdown shows the images at `urls`.
    pub fn notice_showing(&self, notice: &Notice, urls: &[String]) -> KeyHasher {
        let mut hasher = KeyHasher::new();
        binary().hash(&mut hasher);
        FORMAT.hash(&mut hasher);
        let Notice {
            court,
            kind,
            meta,
            markdown,
            footer,
            assets,
        } = notice;
        court.hash(&mut hasher);
        kind.hash(&mut hasher);
        markdown.hash(&mut hasher);
        footer.hash(&mut hasher);
        assets.hash(&mut hasher);
        let crate::notice::NoticeMeta {
            title,
            description,
            author,
            subject,
            keywords,
            date,
            layout,
            lang,
            words,
        } = meta;
        title.hash(&mut hasher);
        description.hash(&mut hasher);
        author.hash(&mut hasher);
        subject.hash(&mut hasher);
        keywords.hash(&mut hasher);
        date.hash(&mut hasher);
        layout.hash(&mut hasher);
        lang.hash(&mut hasher);
        words.code.hash(&mut hasher);
        words.fingerprint.hash(&mut hasher);
        let in_footer = footer.as_deref().map(crate::markdown::image_urls);
        for url in urls.iter().chain(in_footer.iter().flatten()) {
            url.hash(&mut hasher);
            if let Some(assets) = assets {
                self.image(&assets.join(url)).hash(&mut hasher);
            }
        }
        hasher
    }

    /// What the renderers see of the file at `path`: its bytes (or that there are none), and
    /// whether its folder exists (a slide keeps room for an image its court promised).
    ///
    /// Only a plain file is read, and no further than the largest image a renderer takes: an
    /// address naming `/dev/zero` or a huge file must not hang the build. Read outside the
    /// lock, so the other workers are not held up by one image.
    fn image(&self, path: &Path) -> Key {
        if let Some(key) = super::locked(&self.images).get(path) {
            return *key;
        }
        let is_file = path.is_file();
        let bytes = is_file
            .then(|| crate::limited::read(path, crate::court::MAX_IMAGE_BYTES).ok())
            .flatten();
        let mut hasher = KeyHasher::new();
        bytes.hash(&mut hasher);
        is_file.hash(&mut hasher);
        path.parent().is_some_and(Path::is_dir).hash(&mut hasher);
        let key = hasher.key();
        super::locked(&self.images).insert(path.to_path_buf(), key);
        key
    }
}

/// The key of one output file: the notice's part, and the renderer's `settings` (everything
/// that makes the renderer's bytes differ for one notice, format and extension included).
pub fn output_key(notice: &KeyHasher, settings: &str) -> Key {
    let mut hasher = notice.clone();
    settings.hash(&mut hasher);
    hasher.key()
}

/// Which noticegen renders: its executable's size and modification time, so a rebuilt binary
/// (whose renderers may write other bytes) never reuses what an older one made. When the
/// executable cannot be examined, a value of this process alone: nothing is reused.
fn binary() -> u128 {
    static IDENTITY: OnceLock<u128> = OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let examined = std::env::current_exe()
            .and_then(std::fs::metadata)
            .and_then(|meta| {
                let modified = meta.modified()?;
                let since = modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_err(std::io::Error::other)?;
                Ok((meta.len(), since.as_nanos()))
            });
        match examined {
            Ok((len, nanos)) => {
                let mut hasher = KeyHasher::new();
                len.hash(&mut hasher);
                nanos.hash(&mut hasher);
                hasher.key()
            }
            Err(_) => {
                use std::hash::BuildHasher;
                let random = std::collections::hash_map::RandomState::new();
                let mut hasher = random.build_hasher();
                hasher.write_u32(std::process::id());
                let one = u128::from(hasher.finish());
                hasher.write_u8(1);
                (one << 64) | u128::from(hasher.finish()) | 1 << 127
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::Layout;

    /// One change to a notice, and what it stands for.
    type Change = fn(&mut Notice);

    fn key(notice: &Notice) -> Key {
        output_key(&Inputs::default().notice(notice), "pdf pdf")
    }

    #[test]
    fn the_same_inputs_give_the_same_key() {
        let notice = Notice::sample("Dear reader,\n", Layout::Letter);
        assert_eq!(key(&notice), key(&notice.clone()));
    }

    #[test]
    fn every_field_of_the_notice_changes_the_key() {
        let base = Notice::sample("Dear reader,\n", Layout::Letter);
        let changes: [(&str, Change); 16] = [
            ("court", |n| n.court = "casd".into()),
            ("kind", |n| n.kind = "notice".into()),
            ("markdown (a template or court data)", |n| {
                n.markdown.push_str("More.\n")
            }),
            ("footer", |n| n.footer = Some("Footer".into())),
            ("assets", |n| n.assets = Some("courts/nmd".into())),
            ("title", |n| n.meta.title.push('!')),
            ("description", |n| n.meta.description.push('!')),
            ("author", |n| n.meta.author.push('!')),
            ("subject", |n| n.meta.subject.push('!')),
            ("keywords", |n| n.meta.keywords.push("more".into())),
            ("keywords joined otherwise", |n| {
                n.meta.keywords = vec!["NextGenCM/ECF".into()]
            }),
            ("date", |n| n.meta.date = n.meta.date.succ_opt().unwrap()),
            ("layout", |n| n.meta.layout = Layout::Slides),
            ("lang", |n| n.meta.lang = "es-US".into()),
            ("words", |n| {
                let mut words = (*n.meta.words).clone();
                words.fingerprint ^= 1;
                n.meta.words = std::sync::Arc::new(words);
            }),
            ("words' language", |n| {
                let mut words = (*n.meta.words).clone();
                words.code = "es".into();
                n.meta.words = std::sync::Arc::new(words);
            }),
        ];
        for (what, change) in changes {
            let mut changed = base.clone();
            change(&mut changed);
            assert_ne!(key(&changed), key(&base), "{what}");
        }
    }

    #[test]
    fn the_settings_of_the_renderer_change_the_key() {
        let notice = Notice::sample("Dear reader,\n", Layout::Letter);
        let hasher = Inputs::default().notice(&notice);
        assert_ne!(
            output_key(&hasher, "pdf pdf A"),
            output_key(&hasher, "pdf pdf B")
        );
        assert_ne!(
            output_key(&hasher, "md md"),
            output_key(&hasher, "html html")
        );
    }

    #[test]
    fn the_bytes_of_an_image_shown_change_the_key() {
        let temp = tempfile::tempdir().unwrap();
        let mut notice = Notice::sample("![Seal](seal.png)\n\nDear reader,\n", Layout::Letter);
        notice.assets = Some(temp.path().to_path_buf());
        let missing = key(&notice);
        std::fs::write(temp.path().join("seal.png"), b"one").unwrap();
        let one = key(&notice);
        std::fs::write(temp.path().join("seal.png"), b"two").unwrap();
        let two = key(&notice);
        assert_ne!(missing, one);
        assert_ne!(one, two);
        std::fs::write(temp.path().join("seal.png"), b"one").unwrap();
        assert_eq!(key(&notice), one);
        // An image only the footer shows counts too (the web page's footer).
        notice.footer = Some("![Logo](logo.png)".into());
        let without = key(&notice);
        std::fs::write(temp.path().join("logo.png"), b"logo").unwrap();
        assert_ne!(key(&notice), without);
        // A folder an image would be in, even without the image (a slide keeps its room).
        notice.markdown = "![Login](screens/login.png)\n".into();
        let no_folder = key(&notice);
        std::fs::create_dir(temp.path().join("screens")).unwrap();
        assert_ne!(key(&notice), no_folder);
    }

    #[test]
    fn an_image_is_read_once_per_build() {
        let temp = tempfile::tempdir().unwrap();
        let mut notice = Notice::sample("![Seal](seal.png)\n", Layout::Letter);
        notice.assets = Some(temp.path().to_path_buf());
        std::fs::write(temp.path().join("seal.png"), b"one").unwrap();
        let inputs = Inputs::default();
        let first = output_key(&inputs.notice(&notice), "");
        std::fs::write(temp.path().join("seal.png"), b"two").unwrap();
        assert_eq!(output_key(&inputs.notice(&notice), ""), first);
        assert_ne!(output_key(&Inputs::default().notice(&notice), ""), first);
    }

    #[cfg(unix)]
    #[test]
    fn an_image_address_naming_a_device_is_not_read() {
        let mut notice = Notice::sample("![Endless](zero)\n", Layout::Letter);
        notice.assets = Some(std::path::PathBuf::from("/dev"));
        // Reading /dev/zero to its end would never return.
        let _ = output_key(&Inputs::default().notice(&notice), "");
    }
}
