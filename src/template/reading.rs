//! One court's notice of one kind, made ready to be rendered for any number of readers. A
//! mailing renders the same notice for every row of its list: the court's and the rollout's
//! values, the notice's date, the kind's templates and words are the same for each, so they
//! are made once here and only the reader changes from letter to letter.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use tera::{Context, Value};

use super::{
    BUILTIN_DIR, Catalog, Failure, Kind, MANIFEST, NoticeContext, capped, filters, kind_text,
    limits, template_error, tidy,
};
use crate::court::Court;
use crate::error::Error;
use crate::lang::Strings;
use crate::notice::{Notice, NoticeMeta};

pub struct Reading<'a> {
    catalog: &'a Catalog,
    /// The court as the notice's language reads it (translated when that is not the
    /// templates' own).
    court: Cow<'a, Court>,
    /// `court` and the catalog's rollout as the templates see them.
    court_value: Value,
    rollout_value: Value,
    kind: &'a Kind,
    date: NaiveDate,
    words: Arc<Strings>,
    /// The names the kind's title and description are compiled under.
    title: String,
    description: String,
    template: &'a str,
    keywords: &'a [String],
    footer: Option<&'a str>,
    assets: Option<PathBuf>,
}

impl Catalog {
    /// `court`'s notice of `kind` in `lang`, ready for [`Reading::render`].
    pub fn reading<'a>(
        &'a self,
        court: &'a Court,
        kind: &str,
        lang: &str,
        assets: Option<PathBuf>,
    ) -> Result<Reading<'a>, Error> {
        let date = self.notice_date(court, kind)?;
        let kind = self.kind(kind)?;
        let own = kind.lang.as_deref().unwrap_or(&self.lang);
        // The kind's own language has no translation's code in the name.
        let text_lang = if lang == own { "" } else { lang };
        let (template, keywords, footer) = if lang == own {
            (&kind.template, &kind.keywords, &kind.footer)
        } else {
            let translation = kind.translations.get(lang).ok_or_else(|| {
                Error::Usage(format!(
                    "kind `{}` has no `{lang}` translation (it has: {})",
                    kind.name,
                    self.languages_of(&kind.name).join(", ")
                ))
            })?;
            (
                &translation.template,
                translation.keywords.as_ref().unwrap_or(&kind.keywords),
                &translation.footer,
            )
        };
        let words = self
            .languages
            .get(lang)
            .cloned()
            .ok_or_else(|| Error::Usage(format!("no strings file for language `{lang}`")))?;
        let court = if lang == self.lang {
            Cow::Borrowed(court)
        } else {
            Cow::Owned(court.in_language(lang))
        };
        Ok(Reading {
            catalog: self,
            court_value: Value::from_serializable(court.as_ref()),
            rollout_value: Value::from_serializable(&self.rollout),
            court,
            kind,
            date,
            words,
            title: kind_text(&kind.name, text_lang, "title"),
            description: kind_text(&kind.name, text_lang, "description"),
            template,
            keywords,
            footer: footer.as_deref(),
            assets,
        })
    }
}

impl Reading<'_> {
    /// The notice addressed to `recipient` (templates see it as `recipient`, null when there
    /// is none). Its strings are untrusted and autoescaped like court data.
    pub fn render<R: Serialize>(&self, recipient: Option<&R>) -> Result<Notice, Error> {
        let (court, kind, date) = (self.court.as_ref(), self.kind, self.date);
        let mut context = Context::new();
        context.insert_value("court", self.court_value.clone());
        context.insert("recipient", &recipient);
        context.insert_value("rollout", self.rollout_value.clone());
        context.insert(
            "notice",
            &NoticeContext {
                kind: &kind.name,
                date,
                title: "",
            },
        );
        let manifest_file = || self.catalog.files[MANIFEST].clone();
        let (tera, files, texts) = self.catalog.templates_for(&court.id);
        let file_of = |name: &str| {
            files
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(BUILTIN_DIR).join(name))
        };
        limits::start(&court.id);
        filters::speak(self.words.clone());
        let plain = |name: &str| {
            capped(|out| tera.render_to(name, &context, out))
                .map(|out| out.trim().to_string())
                .map_err(|failure| Error::Template {
                    file: manifest_file(),
                    report: match failure {
                        Failure::Tera(error) => format!("kind `{}`: {error}", kind.name),
                        Failure::TooLong(exceeded) => {
                            format!("kind `{}`: {}", kind.name, exceeded.message(&court.id))
                        }
                    },
                    at: None,
                })
        };
        let title = plain(&self.title)?;
        let description = plain(&self.description)?;
        context.insert(
            "notice",
            &NoticeContext {
                kind: &kind.name,
                date,
                title: &title,
            },
        );
        let merge = |template: &str| {
            let task = || {
                let file = file_of(template);
                format!("merging `{}` for court `{}`", file.display(), court.id)
            };
            crate::memory::while_doing(task, || {
                capped(|out| tera.render_to(template, &context, out))
            })
            .map_err(|failure| match failure {
                Failure::Tera(error) => template_error(files, texts, error),
                Failure::TooLong(exceeded) => Error::Template {
                    file: file_of(template),
                    report: exceeded.message(&court.id),
                    at: None,
                },
            })
        };
        let markdown = merge(self.template)?;
        let footer = match self.footer {
            Some(footer) => Some(tidy(&merge(footer)?)),
            None => None,
        };
        Ok(Notice {
            court: court.id.clone(),
            kind: kind.name.clone(),
            meta: NoticeMeta {
                title,
                description: description.clone(),
                author: format!("{}, {}", court.clerk.name, court.clerk.title),
                subject: description,
                keywords: self.keywords.to_vec(),
                date,
                layout: kind.layout,
                lang: self.words.tag.clone(),
                words: self.words.clone(),
            },
            markdown: tidy(&markdown),
            footer,
            assets: self.assets.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;
    use crate::court::load_courts;

    fn court(id: &str) -> Court {
        let schema = Catalog::load(None).unwrap().court_schema();
        let courts = Path::new(env!("CARGO_MANIFEST_DIR")).join("courts");
        load_courts(&courts, &schema)
            .unwrap()
            .into_iter()
            .find(|court| court.id == id)
            .unwrap()
    }

    fn reader(name: &str, street: &str) -> BTreeMap<&'static str, Value> {
        BTreeMap::from([
            ("name", Value::from(name)),
            ("salutation", Value::from(format!("Dear {name}:"))),
            (
                "address_lines",
                Value::from_serializable(&[name, street, "Albuquerque, NM 87102"]),
            ),
        ])
    }

    /// What is made once must not carry one reader into the next reader's notice.
    #[test]
    fn one_reading_renders_each_reader_as_a_reading_of_their_own() {
        let catalog = Catalog::load(None).unwrap();
        let court = court("nmd");
        for lang in ["en", "es"] {
            let kind = if lang == "en" {
                "letter"
            } else {
                "press-release"
            };
            let shared = catalog.reading(&court, kind, lang, None).unwrap();
            let (ann, bob) = (
                reader("Ann Archer", "1 First St."),
                reader("Bob Baker", "2 Second St."),
            );
            let first = shared.render(Some(&ann)).unwrap();
            let second = shared.render(Some(&bob)).unwrap();
            let own = catalog.reading(&court, kind, lang, None).unwrap();
            let alone = own.render(Some(&bob)).unwrap();
            assert_eq!(second.markdown, alone.markdown, "{lang}");
            assert_eq!(second.meta.title, alone.meta.title, "{lang}");
            assert_eq!(second.meta.description, alone.meta.description, "{lang}");
            if lang == "en" {
                assert!(first.markdown.contains("Ann Archer"));
                assert!(!second.markdown.contains("Ann Archer"));
                assert!(second.markdown.contains("Bob Baker"));
            }
        }
    }
}
