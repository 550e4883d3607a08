//! Reads the notice's Markdown into a small block tree: the only vocabulary the typesetter
//! knows (paragraphs, headings, lists, quotes, tables, rules, images, footnotes and the
//! `<div class>` regions the templates wrap around letterheads and signatures). Everything
//! else collapses into that vocabulary here, so the layout code never sees raw HTML or
//! pulldown-cmark events. It reads the notice as paper shows it: without its screen-only
//! regions, and with each link's address printed after its words.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use super::fonts::FontStyle;

/// A stretch of inline text in one style. A hard line break is a span whose text is "\n".
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: FontStyle,
    /// Index into [`Doc::links`] when the text is a link.
    pub link: Option<u32>,
    /// Raised and smaller: `<sup>` and footnote reference numbers.
    pub sup: bool,
    /// Footnote number (1-based) when this span is the reference mark.
    pub footnote: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DivKind {
    Letterhead,
    Aside,
    Banner,
    Center,
    Signature,
    /// A court's seal: the image it holds is set at the left of a letterhead.
    Seal,
    /// The room to sign between a letter's closing and the clerk's typed name, holding a
    /// signature image, a "/s/" line or nothing.
    SignatureSpace,
    /// Ends the page here: the next block starts a new page (print only; screens ignore it).
    PageBreak,
    /// A recipient's postal address, set where an envelope window shows it (print only).
    Address,
    /// A letter's continuation line (recipient, date), set at the head of its second and
    /// later pages with the page number, so shuffled sheets find their letter (print only).
    Continuation,
    /// The web page's header (`<header>`): on paper the court's letterhead when it holds the
    /// court's seal (set at its left), else its lines as written.
    SiteHeader,
    /// The website's menu (`<nav>`): on paper one line of its entries' names, parted by
    /// middle dots, which sends no one anywhere, so no entry is a link.
    SiteMenu,
    /// Any other class: laid out as if the div were not there.
    Plain,
}

impl DivKind {
    fn from_class(class: &str) -> DivKind {
        match class {
            "letterhead" => DivKind::Letterhead,
            "aside" => DivKind::Aside,
            "banner" => DivKind::Banner,
            "center" => DivKind::Center,
            "signature" => DivKind::Signature,
            "signature-space" => DivKind::SignatureSpace,
            "seal" => DivKind::Seal,
            "page-break" => DivKind::PageBreak,
            "address" => DivKind::Address,
            crate::markdown::CONTINUATION => DivKind::Continuation,
            _ => DivKind::Plain,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Vec<Span>),
    Heading(u8, Vec<Span>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Table {
        rows: Vec<Vec<Vec<Span>>>,
        head_rows: usize,
    },
    Rule,
    Image {
        src: String,
        caption: String,
    },
    Div(DivKind, Vec<Block>),
    /// A `#name` link target where the next block starts (a heading's `{#id}`).
    Anchor(String),
}

#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    /// Link targets (http, https or mailto only).
    pub links: Vec<String>,
    /// Footnote bodies, by number - 1.
    pub footnotes: Vec<Vec<Block>>,
}

/// A table row: cells of inline spans.
type Row = Vec<Vec<Span>>;

enum Frame {
    Root,
    Item,
    List(Option<u64>, Vec<Vec<Block>>),
    Quote,
    Div(DivKind),
    Footnote(String),
}

struct Builder {
    stack: Vec<(Frame, Vec<Block>)>,
    inline: Vec<Span>,
    bold: u32,
    italic: u32,
    sup: u32,
    link: Vec<Option<u32>>,
    /// The words of each open link so far, to tell whether they show its address.
    link_words: Vec<String>,
    image: Option<(String, String)>,
    /// Rows of cells, number of header rows, inside the header?
    table: Option<(Vec<Row>, usize, bool)>,
    heading: u8,
    in_code: bool,
    links: Vec<String>,
    /// Footnote labels in order of first reference.
    refs: Vec<String>,
    defs: Vec<(String, Vec<Block>)>,
}

/// The link target of footnote `number`'s text.
pub fn footnote_anchor(number: u32) -> String {
    format!("#fn-{number}")
}

/// Only these schemes (and `#name` jumps within the notice) become clickable; anything else stays plain text.
fn link_target(url: &str, link_type: LinkType) -> Option<String> {
    if link_type == LinkType::Email && !url.starts_with("mailto:") {
        return Some(format!("mailto:{url}"));
    }
    if url.len() > 1 && url.starts_with('#') {
        return Some(url.to_string());
    }
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        .then(|| url.to_string())
}

impl Builder {
    fn style(&self) -> FontStyle {
        FontStyle::from_flags(self.bold > 0 || self.heading > 0, self.italic > 0)
    }

    fn push_text(&mut self, text: &str) {
        if let Some((_, caption)) = self.image.as_mut() {
            caption.push_str(text);
            return;
        }
        if let Some(words) = self.link_words.last_mut() {
            words.push_str(text);
        }
        let style = self.style();
        let link = self.link.last().copied().flatten();
        let sup = self.sup > 0;
        if let Some(last) = self.inline.last_mut()
            && last.style == style
            && last.link == link
            && last.sup == sup
            && last.footnote.is_none()
            && last.text != "\n"
            && text != "\n"
        {
            last.text.push_str(text);
            return;
        }
        self.inline.push(Span {
            text: text.to_string(),
            style,
            link,
            sup,
            footnote: None,
        });
    }

    /// Ends a link; on paper its address follows its words, in parentheses, unless the
    /// words are the address ([`printed_links`](super::printed_links)). The address is part
    /// of the link (it can be clicked too); the parentheses are not.
    fn close_link(&mut self) {
        let id = self.link.pop().flatten();
        let words = self.link_words.pop().unwrap_or_default();
        let Some(target) = id.and_then(|id| self.links.get(id as usize)) else {
            return;
        };
        let in_menu = self
            .stack
            .iter()
            .any(|(frame, _)| matches!(frame, Frame::Div(DivKind::SiteMenu)));
        if in_menu {
            return;
        }
        let Some(address) = super::printed_links::address_to_print(target, &words) else {
            return;
        };
        self.push_text(" (");
        self.link.push(id);
        self.push_text(&address);
        self.link.pop();
        self.push_text(")");
    }

    fn take_inline(&mut self) -> Option<Vec<Span>> {
        let spans = std::mem::take(&mut self.inline);
        spans
            .iter()
            .any(|s| !s.text.trim().is_empty())
            .then_some(spans)
    }

    fn blocks(&mut self) -> &mut Vec<Block> {
        &mut self.stack.last_mut().expect("root frame").1
    }

    fn flush(&mut self) {
        if let Some(spans) = self.take_inline() {
            self.blocks().push(Block::Para(spans));
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush();
        self.blocks().push(block);
    }

    fn open(&mut self, frame: Frame) {
        self.flush();
        self.stack.push((frame, Vec::new()));
    }

    /// Closes the innermost frame and files its blocks with its parent.
    fn close(&mut self) {
        self.flush();
        if self.stack.len() < 2 {
            return;
        }
        let (frame, blocks) = self.stack.pop().expect("frame");
        match frame {
            Frame::Root => {}
            Frame::Item => {
                if let Some((Frame::List(_, items), _)) = self.stack.last_mut() {
                    items.push(blocks);
                } else {
                    self.blocks().extend(blocks);
                }
            }
            Frame::List(start, items) => self.blocks().push(Block::List { start, items }),
            Frame::Quote => self.blocks().push(Block::Quote(blocks)),
            Frame::Div(DivKind::SiteHeader) => {
                let sealed = blocks
                    .iter()
                    .any(|block| matches!(block, Block::Div(DivKind::Seal, _)));
                let kind = if sealed {
                    DivKind::Letterhead
                } else {
                    DivKind::Plain
                };
                self.blocks().push(Block::Div(kind, blocks));
            }
            Frame::Div(DivKind::SiteMenu) => {
                let line = menu_line(blocks);
                self.blocks().push(Block::Div(DivKind::Plain, line));
            }
            Frame::Div(kind) => self.blocks().push(Block::Div(kind, blocks)),
            Frame::Footnote(label) => self.defs.push((label, blocks)),
        }
    }

    fn close_div(&mut self) {
        if !self.stack.iter().any(|(f, _)| matches!(f, Frame::Div(_))) {
            return;
        }
        while !matches!(self.stack.last(), Some((Frame::Div(_), _))) {
            self.close();
        }
        self.close();
    }

    /// Raw HTML: `<div class>` opens and closes regions, `<sup>`, `<b>`, `<i>`, `<br>` style
    /// text, every other tag is dropped and its inner text kept.
    fn html(&mut self, html: &str, block: bool) {
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.html_text(rest, block);
                break;
            };
            self.html_text(&rest[..lt], block);
            let Some(gt) = rest[lt..].find('>') else {
                self.html_text(&rest[lt..], block);
                break;
            };
            let tag = &rest[lt + 1..lt + gt];
            rest = &rest[lt + gt + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match (name.as_str(), closing) {
                ("div", false) => {
                    let class = attr(tag, "class").unwrap_or_default();
                    let kind = class
                        .split_whitespace()
                        .map(DivKind::from_class)
                        .find(|k| *k != DivKind::Plain)
                        .unwrap_or(DivKind::Plain);
                    self.open(Frame::Div(kind));
                }
                ("div", true) => self.close_div(),
                // The web page's header (the court, its seal) prints as the court's
                // letterhead when it has the seal, else as its lines; its navigation (the
                // website's menu) as one line of names.
                ("header", false) => self.open(Frame::Div(DivKind::SiteHeader)),
                ("nav", false) => self.open(Frame::Div(DivKind::SiteMenu)),
                ("header" | "nav", true) => self.close_div(),
                ("sup", false) => self.sup += 1,
                ("sup", true) => self.sup = self.sup.saturating_sub(1),
                ("b" | "strong", false) => self.bold += 1,
                ("b" | "strong", true) => self.bold = self.bold.saturating_sub(1),
                ("i" | "em", false) => self.italic += 1,
                ("i" | "em", true) => self.italic = self.italic.saturating_sub(1),
                ("br", _) => self.push_text("\n"),
                ("p", _) if block => self.flush(),
                _ => {}
            }
        }
    }

    fn html_text(&mut self, text: &str, block: bool) {
        if text.is_empty() {
            return;
        }
        let text = decode_entities(text);
        if block {
            // Text in an HTML block is not Markdown; keep its lines as lines.
            for (i, line) in text.split('\n').enumerate() {
                let line = line.trim();
                if i > 0 && !self.inline.is_empty() && !line.is_empty() {
                    self.push_text("\n");
                }
                if !line.is_empty() {
                    self.push_text(line);
                }
            }
        } else {
            self.push_text(&text);
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if self.in_code {
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            self.push_text("\n");
                        }
                        self.push_text(line);
                    }
                } else {
                    self.push_text(&text);
                }
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push_text(&text)
            }
            Event::Html(html) => self.html(&html, true),
            Event::InlineHtml(html) => self.html(&html, false),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let number = match self.refs.iter().position(|l| *l == label) {
                    Some(i) => i + 1,
                    None => {
                        self.refs.push(label);
                        self.refs.len()
                    }
                } as u32;
                // The mark jumps to its note at the foot of the page.
                self.links.push(footnote_anchor(number));
                self.inline.push(Span {
                    text: number.to_string(),
                    style: self.style(),
                    link: Some(self.links.len() as u32 - 1),
                    sup: true,
                    footnote: Some(number),
                });
            }
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, id, .. } => {
                self.flush();
                if let Some(id) = id {
                    self.push_block(Block::Anchor(format!("#{id}")));
                }
                self.heading = level as u8;
            }
            Tag::BlockQuote(_) => self.open(Frame::Quote),
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::List(start) => self.open(Frame::List(start, Vec::new())),
            Tag::Item => self.open(Frame::Item),
            Tag::FootnoteDefinition(label) => self.open(Frame::Footnote(label.to_string())),
            Tag::Table(_) => {
                self.flush();
                self.table = Some((Vec::new(), 0, false));
            }
            Tag::TableHead => {
                if let Some((rows, _, head)) = self.table.as_mut() {
                    rows.push(Vec::new());
                    *head = true;
                }
            }
            Tag::TableRow => {
                if let Some((rows, _, _)) = self.table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Superscript => self.sup += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let id = link_target(&dest_url, link_type).map(|url| {
                    self.links.push(url);
                    (self.links.len() - 1) as u32
                });
                self.link.push(id);
                self.link_words.push(String::new());
            }
            Tag::Image { dest_url, .. } => {
                self.flush();
                self.image = Some((dest_url.to_string(), String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.flush(),
            TagEnd::Heading(level) => {
                if let Some(spans) = self.take_inline() {
                    self.blocks().push(Block::Heading(level as u8, spans));
                }
                self.heading = 0;
            }
            TagEnd::CodeBlock => {
                self.flush();
                self.in_code = false;
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.close()
            }
            TagEnd::TableHead => {
                if let Some((_, head_rows, head)) = self.table.as_mut() {
                    *head_rows += 1;
                    *head = false;
                }
            }
            TagEnd::TableCell => {
                let spans = std::mem::take(&mut self.inline);
                if let Some((rows, _, _)) = self.table.as_mut()
                    && let Some(row) = rows.last_mut()
                {
                    row.push(spans);
                }
            }
            TagEnd::Table => {
                if let Some((rows, head_rows, _)) = self.table.take() {
                    self.blocks().push(Block::Table { rows, head_rows });
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Superscript => self.sup = self.sup.saturating_sub(1),
            TagEnd::Link => self.close_link(),
            TagEnd::Image => {
                if let Some((src, caption)) = self.image.take() {
                    self.blocks().push(Block::Image { src, caption });
                }
            }
            _ => {}
        }
    }
}

/// A site menu's entries as paper shows them: one paragraph of their words, parted by
/// middle dots, none of them a link. Entries are the items of its lists, or its paragraphs.
fn menu_line(blocks: Vec<Block>) -> Vec<Block> {
    fn entries(blocks: Vec<Block>, out: &mut Vec<Vec<Span>>) {
        for block in blocks {
            match block {
                Block::Para(spans) | Block::Heading(_, spans) => out.push(spans),
                Block::List { items, .. } => items.into_iter().for_each(|item| entries(item, out)),
                Block::Quote(inner) | Block::Div(_, inner) => entries(inner, out),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    entries(blocks, &mut found);
    let mut line: Vec<Span> = Vec::new();
    for (i, entry) in found.into_iter().enumerate() {
        if i > 0 {
            line.push(Span {
                text: " \u{b7} ".to_string(),
                style: FontStyle::Regular,
                link: None,
                sup: false,
                footnote: None,
            });
        }
        line.extend(entry.into_iter().map(|span| Span { link: None, ..span }));
    }
    if line.is_empty() {
        Vec::new()
    } else {
        vec![Block::Para(line)]
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))?;
    let rest = &tag[at + name.len() + 1..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].to_string())
    } else {
        Some(rest.split_whitespace().next()?.to_string())
    }
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn parse(markdown: &str) -> Doc {
    let mut b = Builder {
        stack: vec![(Frame::Root, Vec::new())],
        inline: Vec::new(),
        bold: 0,
        italic: 0,
        sup: 0,
        link: Vec::new(),
        link_words: Vec::new(),
        image: None,
        table: None,
        heading: 0,
        in_code: false,
        links: Vec::new(),
        refs: Vec::new(),
        defs: Vec::new(),
    };
    let parsed = crate::markdown::Remembered::of(markdown);
    for event in crate::markdown::for_paper(parsed.events()) {
        b.event(event);
    }
    b.flush();
    while b.stack.len() > 1 {
        b.close();
    }
    let mut blocks = b.stack.pop().map(|(_, blocks)| blocks).unwrap_or_default();
    let mut footnotes = Vec::with_capacity(b.refs.len());
    for label in &b.refs {
        let body = b
            .defs
            .iter()
            .position(|(l, _)| l == label)
            .map(|i| b.defs.remove(i).1)
            .unwrap_or_default();
        footnotes.push(body);
    }
    // A definition nobody references still has words the reader must get: set it as a
    // closing paragraph rather than drop it.
    for (_, body) in b.defs.drain(..) {
        blocks.extend(body);
    }
    Doc {
        blocks,
        links: b.links,
        footnotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divs_wrap_markdown_regions() {
        let doc = parse(
            "<div class=\"letterhead\">\n\nUNITED STATES DISTRICT COURT\n\n<div class=\"aside\">\n\nSanta Fe\n\n</div>\n\n</div>\n\nBody **bold**.\n",
        );
        match &doc.blocks[0] {
            Block::Div(DivKind::Letterhead, inner) => {
                assert!(matches!(inner[0], Block::Para(_)));
                assert!(matches!(inner[1], Block::Div(DivKind::Aside, _)));
            }
            other => panic!("expected letterhead, got {other:?}"),
        }
        assert!(matches!(doc.blocks[1], Block::Para(_)));
    }

    #[test]
    fn footnotes_are_numbered_in_reference_order() {
        let doc = parse("A[^b] and B[^a].\n\n[^a]: first def\n\n[^b]: second def\n");
        assert_eq!(doc.footnotes.len(), 2);
        let Block::Para(spans) = &doc.footnotes[0][0] else {
            panic!()
        };
        assert_eq!(spans[0].text, "second def");
    }

    fn text(doc: &Doc) -> String {
        fn spans(blocks: &[Block], out: &mut String) {
            for block in blocks {
                match block {
                    Block::Para(s) | Block::Heading(_, s) => {
                        out.extend(s.iter().map(|s| s.text.as_str()));
                        out.push('\n');
                    }
                    Block::List { items, .. } => items.iter().for_each(|i| spans(i, out)),
                    Block::Quote(b) | Block::Div(_, b) => spans(b, out),
                    _ => {}
                }
            }
        }
        let mut out = String::new();
        spans(&doc.blocks, &mut out);
        out
    }

    #[test]
    fn paper_prints_each_address_after_its_words_and_leaves_out_screen_only_regions() {
        let doc = parse(
            "[31 days to go](#countdown=2020-04-20T08:00:00Z \"Live.\")\n\nUse the [login page](https://ecf.x.gov/login.pl). Mail [help@x.gov](mailto:help@x.gov) or see [www.x.gov](https://www.x.gov/) and [the **NextGen** page](https://www.x.gov/nextgen).\n\n<div class=\"screen-only\">\n\nAdd it to your calendar: [nextgen.ics](nextgen.ics).\n\n</div>\n\nEnd.\n",
        );
        assert_eq!(
            text(&doc),
            "Use the login page (https://ecf.x.gov/login.pl). Mail help@x.gov or see www.x.gov and the NextGen page (www.x.gov/nextgen).\nEnd.\n"
        );
        // The printed address is part of its link; the parentheses are not.
        let Block::Para(spans) = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        let address = spans
            .iter()
            .find(|s| s.text == "https://ecf.x.gov/login.pl")
            .expect("address span");
        assert_eq!(address.link, Some(0));
        assert!(spans.iter().any(|s| s.text == " (" && s.link.is_none()));
        // A footnote mark is a jump within the page, not an address.
        assert_eq!(text(&parse("Text.[^a]\n\n[^a]: Note.\n")), "Text.1\n");
    }

    #[test]
    fn a_web_page_header_prints_as_the_letterhead_only_with_the_seal() {
        let plain = parse("<header>\n\n**COURT**\n\n</header>\n\nText.\n");
        assert!(
            matches!(plain.blocks[0], Block::Div(DivKind::Plain, _)),
            "{:?}",
            plain.blocks
        );
        let sealed = parse(
            "<header>\n<div class=\"seal\">\n\n![Seal](seal.png)\n\n</div>\n\n**COURT**\n\n</header>\n",
        );
        assert!(
            matches!(sealed.blocks[0], Block::Div(DivKind::Letterhead, _)),
            "{:?}",
            sealed.blocks
        );
    }

    #[test]
    fn a_site_menu_is_one_line_of_names_on_paper() {
        let doc = parse(
            "<nav>\n\n- [Home](https://www.x.gov/)\n- Jurors\n- [Pro Se](https://www.x.gov/pro-se)\n\n</nav>\n",
        );
        assert_eq!(text(&doc), "Home \u{b7} Jurors \u{b7} Pro Se\n");
        let Block::Div(DivKind::Plain, inner) = &doc.blocks[0] else {
            panic!("{:?}", doc.blocks)
        };
        let Block::Para(spans) = &inner[0] else {
            panic!("{inner:?}")
        };
        assert!(spans.iter().all(|s| s.link.is_none()), "{spans:?}");
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let doc = parse("[a](https://x.gov) [b](#) [c](ftp://x) <mailto:a@b.gov> <https://y.gov>");
        assert_eq!(
            doc.links,
            ["https://x.gov", "mailto:a@b.gov", "https://y.gov"]
        );
    }
}
