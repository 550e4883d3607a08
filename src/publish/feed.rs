//! A court's notices as an Atom feed (`out/<court>/feed.xml`), written with atom_syndication.
//! Ids are tag URIs on the court's website host, so they stay the same from build to build;
//! each entry is updated on its notice's date, at the start of that day in the court's zone.
//! Links are relative to the feed, which sits beside the notices.

use atom_syndication::{Entry, Feed, Link, Person, Text};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::{CourtSite, INDEX, host, local_instant};
use crate::error::Error;
use crate::render::Format;

/// The feed's id: `tag:<host>,<go-live year>:<court>/notices`.
pub fn feed_id(site: &CourtSite) -> String {
    let court = &site.court;
    format!(
        "tag:{},{}:{}/notices",
        host(court),
        court.go_live.format("%Y"),
        court.id
    )
}

/// A notice's id: the feed's id and the kind, `.../notices/letter`.
pub fn entry_id(site: &CourtSite, kind: &str) -> String {
    format!("{}/{kind}", feed_id(site))
}

/// When a notice dated `date` counts as updated: the start of that day where the court sits.
pub fn updated(site: &CourtSite, date: NaiveDate) -> DateTime<FixedOffset> {
    local_instant(&site.court, date.and_time(chrono::NaiveTime::MIN))
}

/// Refuses what would make the feed ill-formed, whatever the data and templates hold: a
/// character XML 1.0 cannot carry (court files are checked for these when loaded; this is the
/// last line) or a date RFC 3339 cannot write.
fn writable(site: &CourtSite) -> Result<(), Error> {
    let court = &site.court;
    let mut texts: Vec<(String, &str)> = vec![
        ("the feed's title".into(), site.title.as_str()),
        ("the feed's subtitle".into(), site.intro.as_str()),
        ("the language".into(), site.lang.as_str()),
        ("the clerk's name".into(), court.clerk.name.as_str()),
        ("the clerk's title".into(), court.clerk.title.as_str()),
        ("the website".into(), court.website.as_str()),
        ("the court id".into(), court.id.as_str()),
    ];
    for notice in &site.entries {
        texts.push((format!("the title of `{}`", notice.kind), &notice.title));
        texts.push((
            format!("the description of `{}`", notice.kind),
            &notice.description,
        ));
        texts.push(("a notice kind".into(), &notice.kind));
        texts.push(("a notice's file".into(), &notice.file));
    }
    let refuse = |problem: String| Error::Template {
        file: super::FEED.into(),
        report: format!("cannot write the Atom feed of `{}`: {problem}", court.id),
        at: None,
    };
    for (what, text) in texts {
        if let Some(c) = text.chars().find(|c| !crate::chars::is_xml_char(*c)) {
            let name = crate::chars::name(c);
            return Err(refuse(format!("{what} has {name}, which XML cannot hold")));
        }
    }
    let dates = site.entries.iter().map(|entry| entry.date);
    for date in dates.chain([site.stamp, court.go_live]) {
        if !(0..=9999).contains(&date.year()) {
            return Err(refuse(format!("{date} has no four-digit year")));
        }
    }
    Ok(())
}

pub fn feed(site: &CourtSite) -> Result<Vec<u8>, Error> {
    writable(site)?;
    let court = &site.court;
    let mut author = Person::default();
    author.set_name(format!("{}, {}", court.clerk.name, court.clerk.title));
    author.set_uri(Some(court.website.clone()));

    let entries: Vec<Entry> = site
        .entries
        .iter()
        .map(|notice| {
            let mut entry = Entry::default();
            entry.set_id(entry_id(site, &notice.file));
            entry.set_title(Text::plain(notice.title.clone()));
            let when = updated(site, notice.date);
            entry.set_updated(when);
            entry.set_published(Some(when));
            entry.set_summary(Some(Text::plain(notice.description.clone())));
            let mut links = Vec::new();
            for (format, mime) in [
                (Format::Html, "text/html"),
                (Format::Pdf, "application/pdf"),
                (Format::Markdown, "text/markdown"),
            ] {
                if notice.formats.contains(&format) {
                    let mut link = Link::default();
                    link.set_href(format!("{}.{}", notice.file, format.extension()));
                    link.set_mime_type(Some(mime.to_string()));
                    // The first format built is the entry's page; the others are its files.
                    link.set_rel(if links.is_empty() {
                        "alternate"
                    } else {
                        "enclosure"
                    });
                    links.push(link);
                }
            }
            entry.set_links(links);
            entry
        })
        .collect();

    let newest = site
        .entries
        .iter()
        .map(|entry| entry.date)
        .max()
        .unwrap_or(site.stamp);
    let mut this = Link::default();
    this.set_href(super::FEED);
    this.set_rel("self");
    this.set_mime_type(Some("application/atom+xml".to_string()));
    let mut page = Link::default();
    page.set_href(INDEX);
    page.set_rel("alternate");
    page.set_mime_type(Some("text/html".to_string()));

    let mut feed = Feed::default();
    feed.set_id(feed_id(site));
    feed.set_title(Text::plain(site.title.clone()));
    feed.set_subtitle(Some(Text::plain(site.intro.clone())));
    feed.set_updated(updated(site, newest));
    feed.set_authors(vec![author]);
    feed.set_links(vec![this, page]);
    feed.set_lang(Some(site.lang.clone()));
    feed.set_entries(entries);
    let mut bytes = Vec::new();
    feed.write_to(&mut bytes).map_err(|error| Error::Template {
        file: super::FEED.into(),
        report: format!("cannot write the Atom feed of `{}`: {error}", court.id),
        at: None,
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
