//! The tagged PDF, read back as a screen reader reads it: every PDF's structure tree is
//! walked with lopdf, every text-showing operator must sit in a marked-content sequence
//! that the parent tree gives to a structure element, or in an artifact, and the text the
//! tree gathers, in tree order, must hold the Markdown's visible text in order (at least
//! 99 % of its letters and digits). For every kind of notice of the example courts and
//! for a mailing, whose letters must each be one element of their own.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use noticegen::plan::{Plan, Request};
use noticegen::render::Renderer;
use noticegen::render::pdf::{PageSetup, PdfRenderer};
use noticegen::typeset::printed_links::address_to_print;

/// What a file's pages and tree say: the text of each marked-content sequence by page
/// and MCID, and the problems found on the way.
struct Tagged {
    doc: Document,
    text: HashMap<(ObjectId, i64), String>,
    problems: Vec<String>,
}

/// A font's ToUnicode map: two-byte code → text.
fn unicode_map(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(Object::Reference(id)) = font.get(b"ToUnicode") else {
        return map;
    };
    let Ok(Object::Stream(stream)) = doc.get_object(*id) else {
        return map;
    };
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&bytes);
    let mut in_chars = false;
    for line in text.lines() {
        if line.ends_with("beginbfchar") {
            in_chars = true;
            continue;
        }
        if line == "endbfchar" {
            in_chars = false;
            continue;
        }
        if !in_chars {
            continue;
        }
        let hex: Vec<&str> = line
            .split(['<', '>'])
            .filter(|p| !p.trim().is_empty())
            .collect();
        if let [code, unicode] = hex[..]
            && let Ok(code) = u16::from_str_radix(code, 16)
        {
            let units: Vec<u16> = (0..unicode.len() / 4)
                .filter_map(|k| u16::from_str_radix(&unicode[k * 4..k * 4 + 4], 16).ok())
                .collect();
            map.insert(code, String::from_utf16_lossy(&units));
        }
    }
    map
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (read here as
/// Latin-1, which it is for the characters noticegen writes that way).
fn decode_text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// The parent tree as key → object.
fn parent_tree(doc: &Document) -> HashMap<i64, Object> {
    let mut out = HashMap::new();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"StructTreeRoot").ok())
        .and_then(|r| dict(doc, r))
    else {
        return out;
    };
    let Some(tree) = root.get(b"ParentTree").ok().and_then(|t| dict(doc, t)) else {
        return out;
    };
    if let Ok(Object::Array(nums)) = tree.get(b"Nums") {
        for pair in nums.chunks(2) {
            if let [Object::Integer(key), value] = pair {
                out.insert(*key, value.clone());
            }
        }
    }
    out
}

fn is_struct_elem(doc: &Document, object: &Object) -> bool {
    dict(doc, object).is_some_and(|d| {
        d.get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"StructElem")
    })
}

fn read(bytes: &[u8]) -> Tagged {
    let doc = Document::load_mem(bytes).expect("a readable PDF");
    let parents = parent_tree(&doc);
    let mut text = HashMap::new();
    let mut problems = Vec::new();
    for (number, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).expect("a page dictionary");
        // Which element owns each MCID of this page.
        let owners: Vec<Object> = page
            .get(b"StructParents")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|key| parents.get(&key))
            .and_then(|array| match array {
                Object::Reference(id) => doc.get_object(*id).ok(),
                other => Some(other),
            })
            .and_then(|a| a.as_array().ok())
            .cloned()
            .unwrap_or_default();
        let mut fonts: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
        if let Ok(resources) = doc.get_page_fonts(page_id) {
            for (name, font) in resources {
                fonts.insert(name, unicode_map(&doc, font));
            }
        }
        let content = doc.get_page_content(page_id);
        let ops = Content::decode(&content).expect("a content stream that parses");
        // Open marked-content sequences: an artifact?, its MCID, and whether it gives the
        // text it shows as /ActualText (the glyphs inside it then say nothing more).
        let mut open: Vec<(bool, Option<i64>, bool)> = Vec::new();
        let mut font: Vec<u8> = Vec::new();
        for op in ops.operations {
            match op.operator.as_str() {
                "BMC" => {
                    let artifact = op.operands.first().and_then(|o| o.as_name().ok())
                        == Some(b"Artifact".as_slice());
                    open.push((artifact, None, false));
                }
                "BDC" => {
                    let artifact = op.operands.first().and_then(|o| o.as_name().ok())
                        == Some(b"Artifact".as_slice());
                    let properties = op.operands.get(1).and_then(|p| dict(&doc, p));
                    let mcid = properties
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    let actual = properties
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|t| t.as_str().ok())
                        .map(decode_text_string);
                    if let Some(actual) = &actual
                        && !open.iter().any(|(a, _, _)| *a)
                        && let Some(owner) = open.iter().rev().find_map(|(_, m, _)| *m)
                    {
                        let shown = text.entry((page_id, owner)).or_insert_with(String::new);
                        shown.push_str(actual);
                        shown.push(' ');
                    }
                    open.push((artifact, mcid, actual.is_some()));
                }
                "EMC" if open.pop().is_none() => {
                    problems.push(format!("page {number}: EMC without a sequence"));
                }
                "Tf" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        font = name.clone();
                    }
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    let artifact = open.iter().any(|(a, _, _)| *a);
                    let mcid = open.iter().rev().find_map(|(_, m, _)| *m);
                    let replaced = open.iter().any(|(_, _, actual)| *actual);
                    let owned = mcid.is_some_and(|m| {
                        usize::try_from(m)
                            .ok()
                            .and_then(|m| owners.get(m))
                            .is_some_and(|o| is_struct_elem(&doc, o))
                    });
                    if !artifact && !owned {
                        problems.push(format!(
                            "page {number}: text shown outside a tagged sequence or artifact (MCID {mcid:?})"
                        ));
                    }
                    let Some(mcid) = mcid.filter(|_| !artifact && !replaced) else {
                        continue;
                    };
                    let map = fonts.get(&font);
                    let shown = text.entry((page_id, mcid)).or_insert_with(String::new);
                    let strings: Vec<&Object> = match op.operands.last() {
                        Some(Object::Array(items)) => items.iter().collect(),
                        Some(other) => vec![other],
                        None => Vec::new(),
                    };
                    for item in strings {
                        if let Object::String(bytes, _) = item {
                            for pair in bytes.chunks(2) {
                                let code = u16::from_be_bytes([
                                    pair[0],
                                    pair.get(1).copied().unwrap_or(0),
                                ]);
                                match map.and_then(|m| m.get(&code)) {
                                    Some(t) => shown.push_str(t),
                                    None => shown.push('\u{fffd}'),
                                }
                            }
                        }
                    }
                    shown.push(' ');
                }
                _ => {}
            }
        }
        if !open.is_empty() {
            problems.push(format!("page {number}: a sequence is never closed"));
        }
    }
    Tagged {
        doc,
        text,
        problems,
    }
}

impl Tagged {
    /// The targets of the links of every page (`/URI` of their actions).
    fn link_targets(&self) -> Vec<String> {
        let mut targets = Vec::new();
        for page in self.doc.get_pages().values() {
            let Ok(page) = self.doc.get_dictionary(*page) else {
                continue;
            };
            let annots = match page.get(b"Annots") {
                Ok(Object::Array(items)) => items.clone(),
                Ok(Object::Reference(id)) => match self.doc.get_object(*id) {
                    Ok(Object::Array(items)) => items.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            for annot in &annots {
                let Some(annot) = dict(&self.doc, annot) else {
                    continue;
                };
                let Some(action) = annot.get(b"A").ok().and_then(|a| dict(&self.doc, a)) else {
                    continue;
                };
                if let Ok(Object::String(uri, _)) = action.get(b"URI") {
                    targets.push(String::from_utf8_lossy(uri).into_owned());
                }
            }
        }
        targets
    }

    /// The root's element below the structure tree root.
    fn document(&self) -> &Dictionary {
        let root = self
            .doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"StructTreeRoot").ok())
            .and_then(|r| dict(&self.doc, r))
            .expect("a structure tree");
        root.get(b"K")
            .ok()
            .and_then(|k| dict(&self.doc, k))
            .expect("one Document element")
    }

    /// The text of an element and everything below it, in tree order.
    fn text_of(&self, element: &Dictionary, out: &mut String) {
        // A figure is read by its alternative text, as the Markdown gives an image's words.
        if let Ok(Object::String(alt, _)) = element.get(b"Alt") {
            out.push_str(&decode_text_string(alt));
            out.push(' ');
        }
        let page = element.get(b"Pg").and_then(Object::as_reference).ok();
        let kids: Vec<&Object> = match element.get(b"K") {
            Ok(Object::Array(items)) => items.iter().collect(),
            Ok(other) => vec![other],
            Err(_) => Vec::new(),
        };
        for kid in kids {
            match kid {
                Object::Integer(mcid) => {
                    if let Some(t) = page.and_then(|p| self.text.get(&(p, *mcid))) {
                        out.push_str(t);
                    }
                }
                other => {
                    let Some(d) = dict(&self.doc, other) else {
                        continue;
                    };
                    match d.get(b"Type").and_then(Object::as_name).ok() {
                        Some(b"MCR") => {
                            let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                            let mcid = d.get(b"MCID").and_then(Object::as_i64).ok();
                            if let (Some(pg), Some(mcid)) = (pg, mcid)
                                && let Some(t) = self.text.get(&(pg, mcid))
                            {
                                out.push_str(t);
                            }
                        }
                        Some(b"OBJR") => {}
                        _ => self.text_of(d, out),
                    }
                }
            }
        }
    }

    /// The levels of the headings below `element`, in tree order.
    fn headings(&self, element: &Dictionary, out: &mut Vec<u8>) {
        if let Ok(name) = element.get(b"S").and_then(Object::as_name)
            && let [b'H', digit @ b'1'..=b'6'] = name
        {
            out.push(digit - b'0');
        }
        for child in self.children(element) {
            if child
                .get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|t| t == b"StructElem")
            {
                self.headings(child, out);
            }
        }
    }

    fn children<'a>(&'a self, element: &'a Dictionary) -> Vec<&'a Dictionary> {
        match element.get(b"K") {
            Ok(Object::Array(items)) => items.iter().filter_map(|k| dict(&self.doc, k)).collect(),
            Ok(other) => dict(&self.doc, other).into_iter().collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// The Markdown's text as a reader sees it on paper: without its screen-only regions, each
/// link's address after its words; footnotes after the text, where the PDF's structure puts
/// them.
fn visible(markdown: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut text = String::new();
    let mut notes = String::new();
    let mut in_note = 0;
    // Open links: the target and the words so far.
    let mut links: Vec<(String, String)> = Vec::new();
    // Inside the website's menu, which paper sets as names alone.
    let mut in_menu = false;
    for event in noticegen::markdown::for_paper(noticegen::markdown::parse(markdown)) {
        let out = if in_note > 0 { &mut notes } else { &mut text };
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_note -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), String::new()));
            }
            Event::Html(html) if html.trim().starts_with("<nav") => in_menu = true,
            Event::Html(html) if html.trim() == "</nav>" => in_menu = false,
            Event::End(TagEnd::Link) => {
                if let Some((target, words)) = links.pop()
                    && !in_menu
                    && let Some(address) = address_to_print(&target, &words)
                {
                    out.push_str(&format!(" ({address})"));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, words)) = links.last_mut() {
                    words.push_str(&t);
                }
                out.push_str(&t)
            }
            _ => out.push(' '),
        }
    }
    text.push(' ');
    text.push_str(&notes);
    text
}

fn letters(text: &str) -> Vec<char> {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Length of the longest common subsequence, by Myers' O((N+M)D) walk: the texts compared
/// differ in a few characters, so this is fast where the full table would not be.
fn common(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    for d in 0..=max as isize {
        let mut k = -d;
        while k <= d {
            let i = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                // d edits, each an insertion or a deletion: n + m - 2·LCS = d.
                return ((n + m - d) / 2) as usize;
            }
            k += 2;
        }
    }
    0
}

/// Share of the Markdown's letters and digits the tree gives, in order.
fn coverage(markdown_text: &str, tree_text: &str) -> f64 {
    let a = letters(markdown_text);
    let b = letters(tree_text);
    if a.is_empty() {
        return 1.0;
    }
    common(&a, &b) as f64 / a.len() as f64
}

#[test]
fn the_common_subsequence_is_counted_exactly() {
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(common(&chars("abcbdab"), &chars("bdcaba")), 4);
    assert_eq!(common(&chars("letter"), &chars("letter")), 6);
    assert_eq!(common(&chars("abc"), &chars("xyz")), 0);
    assert!((coverage("Dear Ms. Lee:", "Dear Ms. Lee") - 1.0).abs() < 1e-9);
    assert!(coverage("Dear Ms. Lee: see the court", "Dear Ms. Lee") < 0.6);
}

fn plan(courts: &str) -> Plan {
    Plan::load(&Request {
        courts_dir: common::repo().join(courts),
        ..Request::default()
    })
    .expect("the courts and templates load")
}

#[test]
fn every_notice_is_tagged_and_its_tree_reads_as_its_markdown() {
    // The example courts, and the rollout fixtures' courts nobody wrote these checks for.
    for (folder, at_least) in [("courts", 24), ("tests/fixtures/rollout-courts/courts", 30)] {
        check_every_notice(&plan(folder), at_least);
    }
}

fn check_every_notice(plan: &Plan, at_least: usize) {
    let renderer = PdfRenderer::new(PageSetup::default());
    let mut checked = 0;
    for court in &plan.courts {
        for kind in &plan.kinds {
            let notice = plan.notice(court, kind).expect("the notice merges");
            let pdf = renderer.render(&notice).expect("the notice renders");
            let tagged = read(&pdf);
            let name = format!("{}/{kind}", court.id);
            assert!(tagged.problems.is_empty(), "{name}: {:?}", tagged.problems);
            let document = tagged.document();
            assert_eq!(
                document.get(b"S").and_then(Object::as_name).ok(),
                Some(b"Document".as_slice()),
                "{name}"
            );
            let mut tree = String::new();
            tagged.text_of(document, &mut tree);
            let share = coverage(&visible(&notice.markdown), &tree);
            assert!(
                share >= 0.99,
                "{name}: the tree gives {share:.4} of the text: {tree}"
            );
            // Paper cannot be clicked: every web or e-mail link's address is printed.
            // (Without white space: an address may break across lines. With or without
            // its scheme, `mailto:` or final slash, as the link's words may give it.)
            let printed: String = tree.split_whitespace().collect::<String>().to_lowercase();
            for uri in tagged.link_targets() {
                if address_to_print(&uri, "").is_none() {
                    continue;
                }
                let lower = uri.to_lowercase();
                let address = ["mailto:", "https://", "http://"]
                    .iter()
                    .find_map(|scheme| lower.strip_prefix(scheme))
                    .unwrap_or(&lower)
                    .trim_end_matches('/');
                assert!(
                    printed.contains(address),
                    "{name}: the link to {uri} does not print {address}: {tree}"
                );
            }
            // A reader's list of headings starts at level 1 and never skips one.
            let mut levels = Vec::new();
            tagged.headings(document, &mut levels);
            let mut deepest = 0;
            for level in &levels {
                assert!(*level <= deepest + 1, "{name}: headings {levels:?}");
                deepest = *level;
            }
            // Nor does it say things twice or out of order (list numbers are its own).
            let back = coverage(&tree, &visible(&notice.markdown));
            assert!(
                back >= 0.98,
                "{name}: {back:.4} of the tree's text is the notice's"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, plan.courts.len() * plan.kinds.len());
    assert!(checked >= at_least, "every kind of every court: {checked}");
}

#[test]
fn a_mailing_is_one_tagged_element_per_letter_each_reading_as_its_letter() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("mailings");
    let output = common::noticegen(
        &common::repo(),
        &[
            "merge",
            "--court",
            "nmd",
            "--recipients",
            "examples/recipients.csv",
            "--split",
            "--duplex",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    let folder: PathBuf = out.join("nmd").join("letter");
    let pdf = std::fs::read(folder.join("mailing.pdf")).unwrap();
    let tagged = read(&pdf);
    assert!(tagged.problems.is_empty(), "{:?}", tagged.problems);
    let index = std::fs::read_to_string(folder.join("mailing.csv")).unwrap();
    let slugs: Vec<String> = index
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').nth(1))
        .map(|cell| cell.trim_matches('"').trim_start_matches('\'').to_string())
        .collect();
    let letters = tagged.children(tagged.document());
    assert_eq!(letters.len(), slugs.len(), "one element per letter");
    assert!(slugs.len() >= 2);
    for (letter, slug) in letters.iter().zip(&slugs) {
        assert_eq!(
            letter.get(b"S").and_then(Object::as_name).ok(),
            Some(b"Art".as_slice()),
            "{slug}"
        );
        let markdown =
            std::fs::read_to_string(folder.join("split").join(format!("{slug}.md"))).unwrap();
        let mut tree = String::new();
        tagged.text_of(letter, &mut tree);
        let share = coverage(&visible(&markdown), &tree);
        assert!(
            share >= 0.99,
            "{slug}: the tree gives {share:.4} of the text"
        );
        // The split file is the same letter, tagged as a document of its own.
        let split = read(&std::fs::read(folder.join("split").join(format!("{slug}.pdf"))).unwrap());
        assert!(
            split.problems.is_empty(),
            "{slug}.pdf: {:?}",
            split.problems
        );
        let mut own = String::new();
        split.text_of(split.document(), &mut own);
        assert!(coverage(&visible(&markdown), &own) >= 0.99, "{slug}.pdf");
    }
}

/// Markdown as templates and pasted data can make it: links across lines and in headings,
/// lists in lists and quotes, tables with links and footnote marks, notes with lists,
/// headings that skip levels, bare addresses, right-to-left text and pasted spaces.
const AWKWARD: &str = "### A notice that starts at level three\n\n\
Read [the NextGen guide for attorneys who file in this court every day](https://www.uscourts.gov/nextgen) before you log in, and write to <help@example.gov> or visit https://pacer.uscourts.gov today.[^a]\n\n\
# A first-level heading with [a link](https://example.gov)\n\n\
##### Then level five\n\n\
1. One\n   - inner **bold** item with a [link](#contacts)\n   - inner item\u{a0}with\u{2009}odd\u{3000}spaces\n2. Two\n\n\
> A quote with a list:\n>\n> * quoted item\n\n\
| Office | Contact |\n|---|---|\n| Santa Fe[^b] | [Clerk](mailto:clerk@example.gov) |\n| Las Cruces | (575) 528-1400 |\n\n\
## Contacts {#contacts}\n\n\
Hebrew שלום עולם and Arabic مرحبا in one line.\n\n\
[^a]: A note with a list:\n\n    - first\n    - second\n\n\
[^b]: The divisional office.\n";

#[test]
fn awkward_markdown_is_tagged_and_reads_as_written() {
    use noticegen::notice::{Layout, Notice, NoticeMeta};
    let renderer = PdfRenderer::new(PageSetup::default());
    for layout in [Layout::Document, Layout::Letter, Layout::Slides] {
        let notice = Notice {
            court: "test".into(),
            kind: "notice".into(),
            meta: NoticeMeta {
                title: "A notice <with> & \"markup\"".into(),
                description: String::new(),
                author: String::new(),
                subject: String::new(),
                keywords: Vec::new(),
                date: chrono::NaiveDate::from_ymd_opt(2020, 4, 20).unwrap(),
                layout,
                lang: String::new(),
                words: noticegen::lang::Strings::diagnostics(),
            },
            markdown: AWKWARD.into(),
            footer: None,
            assets: None,
        };
        let pdf = renderer.render(&notice).expect("renders");
        let tagged = read(&pdf);
        assert!(
            tagged.problems.is_empty(),
            "{layout:?}: {:?}",
            tagged.problems
        );
        let mut tree = String::new();
        tagged.text_of(tagged.document(), &mut tree);
        let share = coverage(&visible(AWKWARD), &tree);
        assert!(share >= 0.99, "{layout:?}: {share:.4}: {tree}");
        let mut levels = Vec::new();
        tagged.headings(tagged.document(), &mut levels);
        assert_eq!(levels.first(), Some(&1), "{layout:?}: {levels:?}");
        assert!(
            levels.windows(2).all(|w| w[1] <= w[0] + 1),
            "{layout:?}: {levels:?}"
        );
    }
}

/// The fonts of a file by base name (`ABCDEF+DroidSansFallback`), each with its ToUnicode
/// map: what its glyphs show, whatever `/ActualText` says of them.
fn fonts_shown(doc: &Document) -> HashMap<String, HashMap<u16, String>> {
    let mut fonts = HashMap::new();
    for (_, object) in doc.objects.iter() {
        let Object::Dictionary(font) = object else {
            continue;
        };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        if let Ok(name) = font.get(b"BaseFont").and_then(Object::as_name) {
            fonts.insert(
                String::from_utf8_lossy(name).into_owned(),
                unicode_map(doc, font),
            );
        }
    }
    fonts
}

/// The glyphs of the font whose base name ends in `+<face>`, as the characters they show.
fn shown_in(fonts: &HashMap<String, HashMap<u16, String>>, face: &str) -> String {
    fonts
        .iter()
        .filter(|(name, _)| name.ends_with(&format!("+{face}")))
        .flat_map(|(_, map)| map.values().cloned())
        .collect()
}

#[test]
fn a_chinese_clerk_name_prints_in_the_fallback_face_and_reads_as_written() {
    let plan = plan("tests/fixtures/glyphs/courts");
    // Every notice of the court is tagged and reads as its Markdown, the name included.
    check_every_notice(&plan, 7);
    let renderer = PdfRenderer::new(PageSetup::default());
    let court = &plan.courts[0];
    let notice = plan.notice(court, "letter").expect("the letter merges");
    // Drawn as itself, not as `???`.
    let layout = renderer.layout(&notice);
    assert!(renderer.missing_glyphs(&layout).is_empty());
    let drawn: String = layout
        .pages
        .iter()
        .flat_map(|page| &page.elements)
        .filter_map(|element| match element {
            noticegen::render::pdf::Element::Text(run) => Some(run.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(drawn.contains("王小明"), "{drawn}");
    let pdf = renderer.render(&notice).expect("the letter renders");
    let tagged = read(&pdf);
    let fonts = fonts_shown(&tagged.doc);
    let cjk = shown_in(&fonts, "DroidSansFallback");
    assert!(
        "王小明".chars().all(|c| cjk.contains(c)),
        "Droid Sans Fallback shows {cjk:?}; fonts {:?}",
        fonts.keys()
    );
    let mut tree = String::new();
    tagged.text_of(tagged.document(), &mut tree);
    assert!(
        tree.contains("王小明") && tree.contains("(Wang Xiaoming)"),
        "{tree}"
    );
}

#[test]
fn an_arabic_firm_prints_joined_and_an_emoji_is_refused_at_its_row_and_column() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("mailings");
    let fixture = common::repo().join("tests/fixtures/glyphs");
    let output = common::noticegen(
        &fixture,
        &[
            "merge",
            "--courts",
            "courts",
            "--court",
            "nmd",
            "--recipients",
            "recipients.csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let stderr = common::text(&output.stderr);
    // The emoji no face has: the row is rejected, named at its row and column.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("U+1F984 UNICORN FACE"), "{stderr}");
    // Row 3, at the firm's field (the terminal shows the field's character column).
    assert!(stderr.contains("recipients.csv:3:"), "{stderr}");
    assert!(stderr.contains("in `firm`"), "{stderr}");
    let folder = out.join("nmd").join("letter");
    let rejected = std::fs::read_to_string(folder.join("rejected.csv")).unwrap();
    assert!(rejected.contains("\"3\",\"firm\""), "{rejected}");
    // The Arabic firm prints, in joined forms (meem initial, kaf medial…), and reads as
    // the letters written.
    let tagged = read(&std::fs::read(folder.join("mailing.pdf")).unwrap());
    assert!(tagged.problems.is_empty(), "{:?}", tagged.problems);
    let sans = shown_in(&fonts_shown(&tagged.doc), "DejaVuSans");
    for joined in ['\u{fee3}', '\u{fedc}', '\u{fe98}', '\u{fe90}'] {
        assert!(sans.contains(joined), "DejaVu Sans shows {sans:?}");
    }
    let mut tree = String::new();
    tagged.text_of(tagged.document(), &mut tree);
    assert!(tree.contains("مكتب المحاماة"), "{tree}");
}

#[test]
fn no_notice_of_the_example_or_fixture_courts_lacks_a_glyph() {
    let renderer = PdfRenderer::new(PageSetup::default());
    for folder in [
        "courts",
        "tests/fixtures/rollout-courts/courts",
        "tests/fixtures/languages/courts",
        "tests/fixtures/glyphs/courts",
    ] {
        let plan = plan(folder);
        for job in plan.jobs() {
            let notice = plan.merge(&job).expect("the notice merges");
            let layout = renderer.layout(&notice);
            let missing = renderer.missing_glyphs(&layout);
            assert!(
                missing.is_empty(),
                "{folder}: {}/{} ({}): {missing:?}",
                job.court.id,
                job.kind,
                job.lang
            );
        }
    }
}
