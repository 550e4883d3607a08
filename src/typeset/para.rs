//! Turns a paragraph's styled spans into Knuth–Plass items (words, spaces, hyphenation
//! points, URL break points) and the chosen breaks back into positioned text runs.
//!
//! Box widths are measured as differences of kerned prefix widths of the whole word, so
//! the pieces of a hyphenated word add up to exactly the width the writer will draw, and
//! a line the breaker accepted never crosses the measure.

use std::hash::{BuildHasher, Hasher};

use hyphenation::{Hyphenator, Standard};

use super::bidi;
use super::chars::{CharClass, classify};
use super::doc::Span;
use super::fonts::{FontStyle, Fonts};
use super::linebreak::{FIL, INFINITY_PENALTY, Item, break_lines, is_legal, line_ranges};
use super::page::{Element, TextRun};
use super::shape::{cluster_widths, display, measure};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

/// One set line: runs with x from the column's left edge and y relative to the baseline.
#[derive(Debug, Clone, Default)]
pub struct TextLine {
    pub elements: Vec<Element>,
    pub footnotes: Vec<u32>,
    /// The line ends in a hyphen: the word goes on in the next line.
    pub hyphenated: bool,
}

/// What each item stands for, so a line can be rebuilt as text.
#[derive(Clone, Copy)]
enum Source {
    /// Bytes `start..end` of span `span`; `bare` is the index of the link target the text
    /// makes as a bare URL or e-mail address, if it does.
    Text {
        span: u32,
        start: u32,
        end: u32,
        bare: Option<u32>,
        /// Bidirectional embedding level (odd: drawn right to left).
        level: u8,
        /// Measured on its own rather than as part of its word's kerned prefix, and drawn
        /// as a text run of its own, so no kerning joins it to a neighbour: the pieces of a
        /// word holding right-to-left text change places on the line.
        alone: bool,
    },
    /// A space in span `span`.
    Space { span: u32 },
    /// A hyphenation point in span `span` (draws "-" when taken).
    Hyphen { span: u32 },
    /// The penalty that keeps a no-break space from breaking.
    Tie,
    /// Break point or empty box that draws nothing.
    Silent,
}

pub struct Setter<'a> {
    pub fonts: &'a Fonts,
    pub hyphenator: &'a Standard,
    pub links: &'a [String],
    /// Paragraphs set before, shared by every notice of a renderer: the letters of a
    /// mailing repeat the same paragraphs thousands of times.
    pub cache: Option<&'a LineCache>,
}

/// Set lines by a hash of everything that decides them (text, styles, links, size,
/// measure, alignment); emptied when it grows past [`LineCache::LIMIT`] entries.
#[derive(Default)]
pub struct LineCache(std::sync::Mutex<foldhash::HashMap<u64, Vec<TextLine>>>);

impl LineCache {
    const LIMIT: usize = 1024;

    pub fn clear(&self) {
        if let Ok(mut map) = self.0.lock() {
            map.clear();
        }
    }
}

/// `text` into `h`, led by its length so that the texts in a row are told apart.
fn hash_text(h: &mut impl Hasher, text: &str) {
    h.write_usize(text.len());
    h.write(text.as_bytes());
}

/// Words whose hyphenation points a thread remembers, per language, before it starts afresh.
const HYPHENATED_LIMIT: usize = 4096;

/// A language's words and their hyphenation points.
type WordBreaks = foldhash::HashMap<Box<str>, Box<[usize]>>;

thread_local! {
    /// The hyphenation points of the words hyphenated so far, by language and word.
    static HYPHENATED: std::cell::RefCell<foldhash::HashMap<hyphenation::Language, WordBreaks>> =
        std::cell::RefCell::new(Default::default());
}

const SUP_SCALE: f32 = 0.7;
const SUP_RISE: f32 = 0.3;

struct SpanInfo {
    style: FontStyle,
    size: f32,
    rise: f32,
}

impl Setter<'_> {
    /// Breaks `spans` into lines of `width` at `size`.
    pub fn set(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
        force_bold: bool,
    ) -> Vec<TextLine> {
        self.set_with(spans, size, width, align, force_bold, true)
    }

    /// As [`Setter::set`], hyphenating words by the language's patterns only when
    /// `hyphenate` says so (a title is never hyphenated); soft hyphens the text holds are
    /// break points either way.
    pub fn set_with(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
        force_bold: bool,
        hyphenate: bool,
    ) -> Vec<TextLine> {
        let Some(cache) = self.cache else {
            return self.set_lines(spans, size, width, align, force_bold, hyphenate);
        };
        let key = self.key(spans, size, width, align, force_bold, hyphenate);
        if let Some(lines) = cache.0.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return lines;
        }
        let lines = self.set_lines(spans, size, width, align, force_bold, hyphenate);
        if let Ok(mut map) = cache.0.lock() {
            if map.len() >= LineCache::LIMIT {
                map.clear();
            }
            map.insert(key, lines.clone());
        }
        lines
    }

    /// A hash of every input of [`Setter::set_lines`], link targets included: foldhash,
    /// which takes a paragraph's text sixteen bytes at a step (FNV-1a, a byte at a step,
    /// took a tenth of the time spent setting a letter). Each text is hashed with its length,
    /// so ("ab", "c") and ("a", "bc") differ.
    fn key(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
        bold: bool,
        hyphenate: bool,
    ) -> u64 {
        let mut h = foldhash::quality::FixedState::default().build_hasher();
        h.write_u32(size.to_bits());
        h.write_u32(width.to_bits());
        h.write(&[align as u8, u8::from(bold), u8::from(hyphenate)]);
        // The same words break differently under another language's patterns.
        hash_text(&mut h, self.hyphenator.language().code());
        for span in spans {
            hash_text(&mut h, &span.text);
            h.write(&[span.style as u8, u8::from(span.sup)]);
            h.write_u32(span.footnote.unwrap_or(0));
            match span.link.and_then(|i| self.links.get(i as usize)) {
                Some(uri) => hash_text(&mut h, uri),
                None => h.write_u8(0xff),
            }
        }
        h.finish()
    }

    fn set_lines(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
        force_bold: bool,
        hyphenate: bool,
    ) -> Vec<TextLine> {
        let info: Vec<SpanInfo> = spans
            .iter()
            .map(|s| {
                let style = if force_bold {
                    FontStyle::from_flags(true, s.style.italic())
                } else {
                    s.style
                };
                let (size, rise) = if s.sup {
                    (size * SUP_SCALE, -size * SUP_RISE)
                } else {
                    (size, 0.0)
                };
                SpanInfo { style, size, rise }
            })
            .collect();
        let levels = bidi::levels(spans);
        let input = Input {
            spans,
            info: &info,
            levels: levels.as_deref(),
            hyphenate,
        };
        let mut para = Items::default();
        self.build(input, width, align, &mut para);
        if para.items.is_empty() {
            return Vec::new();
        }
        loosen_long_ties(&mut para, width);
        let Items {
            items,
            sources,
            bare_links,
        } = para;
        let breaks = break_lines(&items, width);
        let ranges = line_ranges(&items, &breaks);
        let mut lines = Vec::with_capacity(ranges.len());
        let para = Para {
            spans,
            info: &info,
            items: &items,
            sources: &sources,
            bare_links: &bare_links,
        };
        for (range, brk) in ranges.into_iter().zip(&breaks) {
            let forced = matches!(
                items.get(brk.at),
                Some(Item::Penalty { cost, .. }) if *cost <= -INFINITY_PENALTY
            );
            let ratio = if align != Align::Justify || forced {
                brk.ratio.min(0.0)
            } else {
                brk.ratio
            };
            let hyphen =
                matches!(sources.get(brk.at), Some(Source::Hyphen { .. })).then_some(brk.at);
            let tail = match (hyphen, items.get(brk.at)) {
                (Some(_), Some(Item::Penalty { width, .. })) => *width,
                _ => 0.0,
            };
            let ratio = fit_ratio(items.get(range.clone()).unwrap_or(&[]), tail, width, ratio);
            let mut line = self.line(&para, range, hyphen, ratio, width, align);
            line.hyphenated = hyphen.is_some();
            lines.push(line);
        }
        lines
    }

    /// Turns `spans` into items: words (split at their break points), the spaces between
    /// them, ties, and forced breaks. Each character is treated as its class says
    /// (`chars.rs`).
    fn build(&self, input: Input<'_>, width: f32, align: Align, out: &mut Items) {
        let Input { spans, info, .. } = input;
        let stretchy = align == Align::Justify;
        // A word may run across spans ("**register**."), so collect its pieces first.
        let mut word: Vec<(u32, u32, u32)> = Vec::new();
        let mut gap = Gap::default();
        // Has a word been set since the paragraph or line began? Spaces before the first
        // word of a line are dropped (ties are kept: they indent, as in a browser).
        let mut after_word = false;
        let mut widths = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let si = si as u32;
            if span.text == "\n" {
                self.flush_word(input, &mut word, width, out, &mut widths);
                gap = Gap::default();
                after_word = false;
                out.forced_break();
                continue;
            }
            let text = span.text.as_str();
            let mut start = None;
            for (i, c) in text.char_indices() {
                let class = classify(c);
                match class {
                    CharClass::Space | CharClass::NoBreakSpace => {
                        if let Some(s) = start.take() {
                            word.push((si, s as u32, i as u32));
                        }
                        if !word.is_empty() {
                            self.flush_word(input, &mut word, width, out, &mut widths);
                            after_word = true;
                        }
                        if class == CharClass::NoBreakSpace {
                            gap.ties.push(si);
                        } else if after_word {
                            gap.space = Some(si);
                        }
                    }
                    CharClass::LineBreak => {
                        if let Some(s) = start.take() {
                            word.push((si, s as u32, i as u32));
                        }
                        self.flush_word(input, &mut word, width, out, &mut widths);
                        gap = Gap::default();
                        after_word = false;
                        out.forced_break();
                    }
                    CharClass::Word
                    | CharClass::ZeroWidthBreak
                    | CharClass::SoftHyphen
                    | CharClass::Invisible => {
                        // Only a visible character starts a word: a joiner or a mark of
                        // direction between two spaces is no word to put a space beside.
                        if start.is_none() && class == CharClass::Word {
                            self.open_gap(&mut gap, info, stretchy, after_word, out);
                            start = Some(i);
                        }
                    }
                }
            }
            if let Some(s) = start {
                word.push((si, s as u32, text.len() as u32));
            }
        }
        self.flush_word(input, &mut word, width, out, &mut widths);
        if !out.items.is_empty() {
            out.forced_break();
        }
    }

    /// Sets the white space before a word: its ties, or else one breaking space.
    fn open_gap(
        &self,
        gap: &mut Gap,
        info: &[SpanInfo],
        stretchy: bool,
        after_word: bool,
        out: &mut Items,
    ) {
        let glue = |si: u32| {
            let inf = &info[si as usize];
            let face = self.fonts.face(inf.style);
            let w = face.advance(face.glyph(' ')) * inf.size / 1000.0;
            let (stretch, shrink) = if stretchy {
                (w * 0.6, w * 0.3)
            } else {
                (w * 0.6, 0.0)
            };
            Item::Glue {
                width: w,
                stretch,
                shrink,
            }
        };
        if !gap.ties.is_empty() {
            if !after_word {
                // Glue is dropped at the start of a line; an empty box keeps the indent.
                out.push(Item::Box { width: 0.0 }, Source::Silent);
            }
            for &si in &gap.ties {
                let tie = Item::Penalty {
                    width: 0.0,
                    cost: INFINITY_PENALTY,
                    flagged: false,
                };
                out.push(tie, Source::Tie);
                out.push(glue(si), Source::Space { span: si });
            }
        } else if let Some(si) = gap.space
            && !out.items.is_empty()
        {
            out.push(glue(si), Source::Space { span: si });
        }
        *gap = Gap::default();
    }

    /// Emits the boxes of one word, with its hyphenation and URL break points. Box widths
    /// are differences of the kerned widths of the word's prefixes, measured in one pass.
    fn flush_word(
        &self,
        input: Input<'_>,
        word: &mut Vec<(u32, u32, u32)>,
        width: f32,
        out: &mut Items,
        widths: &mut Vec<(usize, f32)>,
    ) {
        let Input {
            spans,
            info,
            levels,
            hyphenate,
        } = input;
        for &(si, start, end) in word.iter() {
            let span = &spans[si as usize];
            let Some(text) = span.text.get(start as usize..end as usize) else {
                continue;
            };
            let inf = &info[si as usize];
            let chain = self.fonts.chain(inf.style);
            cluster_widths(chain, text, widths);
            let scale = |units: f32| units * inf.size / 1000.0;
            let full = scale(widths.last().map_or(0.0, |w| w.1));
            let mut points = self.break_points(text, full, width, widths, hyphenate);
            // Levels of the piece's bytes, when it holds right-to-left text: its boxes are
            // then cut where the level changes, and each is measured as it will be drawn.
            let piece_levels = levels
                .and_then(|l| l.get(si as usize))
                .and_then(|l| l.get(start as usize..end as usize))
                .filter(|l| l.iter().any(|level| level % 2 == 1));
            if let Some(piece_levels) = piece_levels {
                points = with_level_changes(points, widths, piece_levels);
            }
            let tokens = if span.link.is_none() {
                out.bare_tokens(text)
            } else {
                Vec::new()
            };
            let mut prev = 0usize;
            let mut prev_w = 0.0;
            let mut cluster = 0;
            let mut token = 0;
            for (at, kind) in points
                .iter()
                .copied()
                .chain(std::iter::once((text.len(), BreakKind::End)))
            {
                let w = if at == text.len() {
                    full
                } else {
                    while widths.get(cluster).is_some_and(|c| c.0 < at) {
                        cluster += 1;
                    }
                    widths.get(cluster).map_or(full, |c| scale(c.1))
                };
                let level = levels
                    .and_then(|l| l.get(si as usize))
                    .and_then(|l| l.get(start as usize + prev))
                    .copied()
                    .unwrap_or(0);
                let own = text.get(prev..at).unwrap_or("");
                let box_width = match piece_levels {
                    Some(_) if level % 2 == 1 => measure(chain, &bidi::visual(own), inf.size),
                    Some(_) => measure(chain, own, inf.size),
                    None => w - prev_w,
                };
                while tokens.get(token).is_some_and(|t| t.0 <= prev) {
                    token += 1;
                }
                let bare = tokens.get(token).and_then(|t| t.1);
                out.push(
                    Item::Box { width: box_width },
                    Source::Text {
                        span: si,
                        start: start + prev as u32,
                        end: start + at as u32,
                        bare,
                        level,
                        alone: piece_levels.is_some(),
                    },
                );
                prev_w = w;
                prev = at;
                let (penalty, source) = match kind {
                    BreakKind::End | BreakKind::LevelChange => continue,
                    BreakKind::Hyphen => {
                        let hw = chain.face().advance(chain.face().glyph('-')) * inf.size / 1000.0;
                        ((hw, 50.0, true), Source::Hyphen { span: si })
                    }
                    BreakKind::Url => ((0.0, 150.0, false), Source::Silent),
                    BreakKind::ZeroWidth => ((0.0, 0.0, false), Source::Silent),
                    BreakKind::Emergency => ((0.0, EMERGENCY_COST, false), Source::Silent),
                };
                let (width, cost, flagged) = penalty;
                out.push(
                    Item::Penalty {
                        width,
                        cost,
                        flagged,
                    },
                    source,
                );
            }
        }
        word.clear();
    }

    /// The hyphenation points of `word` by the language's patterns, each given to `each`.
    /// The words a letter's own data brings (a name, a street, a firm) come back letter after
    /// letter, and looking one up in the patterns took 10,000 instructions, so each thread
    /// remembers the points of the words it has hyphenated.
    fn hyphen_breaks(&self, word: &str, mut each: impl FnMut(usize)) {
        let language = self.hyphenator.language();
        let known = HYPHENATED.with_borrow(|known| {
            let breaks = known.get(&language)?.get(word)?;
            breaks.iter().copied().for_each(&mut each);
            Some(())
        });
        if known.is_some() {
            return;
        }
        let breaks: Box<[usize]> = self.hyphenator.hyphenate(word).breaks.into();
        breaks.iter().copied().for_each(each);
        HYPHENATED.with_borrow_mut(|known| {
            let words = known.entry(language).or_default();
            if words.len() >= HYPHENATED_LIMIT {
                words.clear();
            }
            words.insert(word.into(), breaks);
        });
    }

    /// Byte offsets inside `text` where a line may break, and how: sorted, each between
    /// two grapheme clusters (`widths`, from [`cluster_widths`]) with something of width
    /// before it since the last, so no break splits a letter from its accents or an emoji
    /// sequence, and no run of invisible characters makes a run of empty breaks. Linear in
    /// the length of `text`.
    fn break_points(
        &self,
        text: &str,
        full: f32,
        width: f32,
        widths: &[(usize, f32)],
        hyphenate: bool,
    ) -> Vec<(usize, BreakKind)> {
        let mut points = Vec::new();
        // What the writer asked for: soft hyphens and zero-width spaces. They make the word
        // non-ASCII, so the patterns below stay out of it, as TeX's do after a `\-`.
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                match classify(c) {
                    CharClass::SoftHyphen => points.push((i + c.len_utf8(), BreakKind::Hyphen)),
                    CharClass::ZeroWidthBreak => {
                        points.push((i + c.len_utf8(), BreakKind::ZeroWidth))
                    }
                    _ => {}
                }
            }
        }
        let urlish = text.contains("://")
            || text.contains('@')
            || text.starts_with("www.")
            || (text.contains('/') && text.len() > 15);
        if urlish {
            points.extend(url_breaks(text).into_iter().map(|at| (at, BreakKind::Url)));
        } else {
            // Hyphenate the letters only, not surrounding quotes or punctuation.
            let core_start = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
            // The end of the last letter, which may be more than one byte (found by fuzzing).
            let core_end = text
                .char_indices()
                .rfind(|(_, c)| c.is_alphabetic())
                .map_or(0, |(i, c)| i + c.len_utf8());
            if core_end > core_start + 5
                && let Some(core) = text.get(core_start..core_end)
            {
                if !hyphenate {
                    // A title: whole words only.
                } else if core.chars().all(|c| c.is_ascii_alphabetic()) {
                    self.hyphen_breaks(core, |b| points.push((core_start + b, BreakKind::Hyphen)));
                } else if core.contains('-') {
                    for (i, _) in core.match_indices('-') {
                        points.push((core_start + i + 1, BreakKind::Url));
                    }
                }
            }
        }
        points.sort_by_key(|p| p.0);
        points.dedup_by_key(|p| p.0);
        if full > width * 0.9 {
            // Wider than the measure even at its break points: allow a break between any
            // two clusters too (TeX's emergency pass, CSS `overflow-wrap: anywhere`).
            let mut merged = Vec::with_capacity(widths.len());
            let mut given = points.iter().copied().peekable();
            for &(at, _) in widths {
                while let Some(&p) = given.peek()
                    && p.0 < at
                {
                    merged.push(p);
                    given.next();
                }
                if given.peek().is_some_and(|p| p.0 == at) {
                    continue;
                }
                merged.push((at, BreakKind::Emergency));
            }
            merged.extend(given);
            points = merged;
        }
        // Keep the points between clusters that have something of width before them.
        let mut kept: Vec<(usize, BreakKind)> = Vec::with_capacity(points.len());
        let mut cluster = 0;
        let mut last = 0.0f32;
        for (at, kind) in points {
            if at == 0 || at >= text.len() {
                continue;
            }
            while widths.get(cluster).is_some_and(|c| c.0 < at) {
                cluster += 1;
            }
            let Some(&(end, units)) = widths.get(cluster) else {
                break;
            };
            if end != at {
                continue;
            }
            if units <= last {
                // Nothing drawn between the two: one break will do, and a soft hyphen or
                // zero-width space the writer put there beats a break of last resort.
                if let Some(prev) = kept.last_mut()
                    && prev.1 == BreakKind::Emergency
                    && kind != BreakKind::Emergency
                {
                    *prev = (at, kind);
                }
                continue;
            }
            kept.push((at, kind));
            last = units;
        }
        kept
    }

    fn line(
        &self,
        para: &Para<'_>,
        range: std::ops::Range<usize>,
        hyphen: Option<usize>,
        ratio: f32,
        width: f32,
        align: Align,
    ) -> TextLine {
        let Para {
            spans,
            info,
            items,
            sources,
            bare_links,
        } = *para;
        let mut line = TextLine::default();
        // Each run: its span, the run, whether the next piece of that span may join it
        // (not after a piece that must stay alone), the logical position of its first
        // piece, and whether it holds right-to-left text (then nothing joins it: what is
        // drawn after it on the line is read elsewhere).
        let mut runs: Vec<(u32, TextRun, bool, usize, bool)> = Vec::new();
        let mut links: Vec<(f32, f32, f32, f32, String)> = Vec::new();
        let mut x = 0.0f32;
        // `drawn` is what the glyphs show, `written` what the text says (they differ for
        // right-to-left text, drawn in visual order, and for characters the font lacks).
        #[allow(clippy::too_many_arguments)]
        let push = |runs: &mut Vec<(u32, TextRun, bool, usize, bool)>,
                    si: u32,
                    drawn: &str,
                    written: &str,
                    w: f32,
                    space_adjust: Option<f32>,
                    x: f32,
                    alone: bool,
                    rtl: bool,
                    at: usize| {
            let inf = &info[si as usize];
            let span = &spans[si as usize];
            if let Some((last_si, run, open, first, sealed)) = runs.last_mut()
                && *last_si == si
                && (*open || space_adjust.is_some())
                && !alone
                && !rtl
                && !*sealed
            {
                match &mut run.actual {
                    Some(actual) => actual.push_str(written),
                    None if written != drawn => run.actual = Some(format!("{}{written}", run.text)),
                    None => {}
                }
                *first = (*first).min(at);
                run.text.push_str(drawn);
                run.width += w;
                if let Some(adj) = space_adjust {
                    run.space_adjust = adj;
                    // Nothing kerns across a space: what follows may join again.
                    *open = true;
                }
                return;
            }
            runs.push((
                si,
                TextRun {
                    x,
                    y: inf.rise,
                    size: inf.size,
                    style: inf.style,
                    text: drawn.to_string(),
                    space_adjust: space_adjust.unwrap_or(0.0),
                    width: w,
                    link: span.link.is_some(),
                    node: None,
                    actual: (written != drawn).then(|| written.to_string()),
                },
                !alone,
                at,
                rtl,
            ));
        };
        for i in visual_order(sources, range.clone(), hyphen) {
            match sources[i] {
                Source::Text {
                    span,
                    start,
                    end,
                    bare,
                    level,
                    alone,
                } => {
                    let w = match items[i] {
                        Item::Box { width } => width,
                        _ => 0.0,
                    };
                    let s = &spans[span as usize];
                    let text = s.text.get(start as usize..end as usize).unwrap_or("");
                    let chain = self.fonts.chain(info[span as usize].style);
                    let rtl = level % 2 == 1;
                    let drawn = if rtl {
                        display(chain, &bidi::visual(text)).into_owned()
                    } else {
                        display(chain, text).into_owned()
                    };
                    push(
                        &mut runs,
                        span,
                        &drawn,
                        text,
                        w,
                        None,
                        x,
                        alone || rtl,
                        rtl,
                        i,
                    );
                    let target = match s.link {
                        Some(link) => self.links.get(link as usize).cloned(),
                        None => bare.and_then(|b| bare_links.get(b as usize)).cloned(),
                    };
                    if let Some(uri) = target {
                        let inf = &info[span as usize];
                        links.push((x, w, inf.size, inf.rise, uri));
                    }
                    if let Some(n) = s.footnote
                        && !line.footnotes.contains(&n)
                    {
                        line.footnotes.push(n);
                    }
                    x += w;
                }
                Source::Space { span } => {
                    let w = items[i].glue_width(ratio);
                    let natural = match items[i] {
                        Item::Glue { width, .. } => width,
                        _ => 0.0,
                    };
                    push(
                        &mut runs,
                        span,
                        " ",
                        " ",
                        w,
                        Some(w - natural),
                        x,
                        false,
                        false,
                        i,
                    );
                    x += w;
                }
                Source::Hyphen { span } if Some(i) == hyphen => {
                    if let Some(Item::Penalty { width: w, .. }) = items.get(i) {
                        push(&mut runs, span, "-", "-", *w, None, x, false, false, i);
                        x += w;
                    }
                }
                Source::Hyphen { .. } | Source::Tie | Source::Silent => {}
            }
        }
        let offset = match align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => ((width - x) / 2.0).max(0.0),
        };
        // Runs go out in the order they are read, each at its place on the line: a reader
        // (and the structure tree) meets right-to-left words in the order they were
        // written, not the order they are drawn.
        runs.sort_by_key(|run| run.3);
        for (_, mut run, _, _, _) in runs {
            run.x += offset;
            line.elements.push(Element::Text(run));
        }
        // Adjacent pieces of one link become one clickable area.
        let mut merged: Vec<(f32, f32, f32, f32, String)> = Vec::new();
        for l in links {
            if let Some(last) = merged.last_mut()
                && last.4 == l.4
                && (last.0 + last.1 - l.0).abs() < 8.0
            {
                last.1 = l.0 + l.1 - last.0;
                continue;
            }
            merged.push(l);
        }
        for (lx, w, size, rise, uri) in merged {
            line.elements.push(Element::Link {
                x: lx + offset,
                y: rise - size * 0.9,
                w,
                h: size * 1.15,
                uri,
                node: None,
            });
        }
        line
    }
}

/// The items of a line in the order they are drawn: the line's range, then the hyphen that
/// ends it if any; put in visual order (`bidi.rs`) when the line holds right-to-left text.
/// A space takes the lower level of the words beside it, so it goes with them when both are
/// right to left, and the line's ends are at the paragraph's level (UAX #9, N1, N2, L1).
/// Where a web or e-mail address may break, as the Chicago Manual of Style (14.18) has it:
/// after a double slash, before a single slash, a dot and the other separators, before or
/// after `=` and `&`; never inside `//`, and never so that a line ends in a dot (which reads
/// as the end of a sentence), nor so short a piece that it reads as a stray (a `.gov` or
/// `.html` alone on a line, or the sentence's own punctuation). No hyphen is drawn: one
/// would read as part of the address.
fn url_breaks(text: &str) -> Vec<usize> {
    // The sentence's punctuation after the address is not part of it.
    let end = text
        .trim_end_matches([
            '.', ',', ';', ':', ')', ']', '>', '"', '\'', '\u{201d}', '\u{2019}', '!', '?',
        ])
        .len();
    let mut points = Vec::new();
    let mut previous = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let before = match c {
            '/' => previous != Some('/') && next != Some('/'),
            '.' | ',' | '-' | '_' | '?' | '#' | '%' | '~' | '@' | '=' | '&' => true,
            _ => false,
        };
        let after = (c == '/' && previous == Some('/')) || matches!(c, '=' | '&');
        previous = Some(c);
        let candidates = [before.then_some(i), after.then_some(i + c.len_utf8())];
        for at in candidates.into_iter().flatten() {
            let head = text.get(..at).map_or(0, |h| h.chars().count());
            let tail = text.get(at..end).map_or(0, |t| t.chars().count());
            if head >= 3 && tail >= 6 {
                points.push(at);
            }
        }
    }
    points
}

fn visual_order(
    sources: &[Source],
    range: std::ops::Range<usize>,
    hyphen: Option<usize>,
) -> Vec<usize> {
    let logical: Vec<usize> = range.chain(hyphen).collect();
    let level_of = |i: usize| match sources.get(i) {
        Some(Source::Text { level, .. }) => Some(*level),
        _ => None,
    };
    if !logical
        .iter()
        .any(|&i| level_of(i).is_some_and(|l| l % 2 == 1))
    {
        return logical;
    }
    let mut levels = vec![0u8; logical.len()];
    let mut before = None;
    for (k, &i) in logical.iter().enumerate() {
        if let Some(level) = level_of(i) {
            before = Some(level);
        }
        levels[k] = level_of(i).unwrap_or(before.unwrap_or(0));
    }
    let mut after = None;
    for (k, &i) in logical.iter().enumerate().rev() {
        match level_of(i) {
            Some(level) => after = Some(level),
            // The hyphen stays with the word it ends; a space takes the lower neighbour.
            None if Some(i) == hyphen => {}
            None => levels[k] = levels[k].min(after.unwrap_or(0)),
        }
    }
    bidi::visual_order(&levels)
        .into_iter()
        .map(|k| logical[k])
        .collect()
}

/// The breaker's glue ratio for a line, unless it would set the line past the measure. The
/// breaker works from running totals over the whole paragraph, and in a paragraph thousands
/// of points long (a pasted run) the difference of two f32 totals can be a hundredth of a
/// point off; the line's own items, summed from zero, say how far its glue must really go.
/// Lines that fit are left exactly as the breaker set them.
fn fit_ratio(line: &[Item], tail: f32, width: f32, ratio: f32) -> f32 {
    let (mut natural, mut stretch, mut shrink) = (tail, 0.0f32, 0.0f32);
    for item in line {
        match *item {
            Item::Box { width } => natural += width,
            Item::Glue {
                width,
                stretch: y,
                shrink: z,
            } => {
                natural += width;
                stretch += y;
                shrink += z;
            }
            Item::Penalty { .. } => {}
        }
    }
    let set = natural
        + if ratio >= 0.0 {
            ratio * stretch
        } else {
            ratio * shrink
        };
    if set <= width + 0.001 {
        ratio
    } else if natural > width {
        if shrink > 0.0 {
            ((width - natural) / shrink).max(-1.0)
        } else {
            ratio.min(0.0)
        }
    } else if stretch > 0.0 {
        (width - natural) / stretch
    } else {
        0.0
    }
}

/// A URL or e-mail address written as plain text ("visit https://www.pacer.gov.") is
/// still made clickable: the Markdown dialect has no bare-URL autolinks, but readers
/// expect them. `token` holds no white space; returns its target, if it is one.
fn bare_link(token: &str) -> Option<String> {
    let word = token
        .trim_start_matches(['(', '[', '<', '"', '\u{201c}'])
        .trim_end_matches(['.', ',', ';', ':', ')', ']', '>', '"', '\u{201d}', '!', '?']);
    let lower = word.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://")) && word.len() > 10 {
        Some(word.to_string())
    } else if lower.starts_with("www.") && word.get(4..).is_some_and(|rest| rest.contains('.')) {
        Some(format!("https://{word}"))
    } else if let Some(at) = word.find('@')
        && at > 0
        && word
            .get(at + 1..)
            .is_some_and(|domain| domain.contains('.'))
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c))
    {
        Some(format!("mailto:{word}"))
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BreakKind {
    Hyphen,
    Url,
    /// A zero-width space: a break that draws nothing and costs nothing.
    ZeroWidth,
    Emergency,
    /// Not a break: where the bidirectional level changes inside a word.
    LevelChange,
    End,
}

/// Cost of breaking inside a word that is wider than the line.
const EMERGENCY_COST: f32 = 900.0;
/// Cost of breaking at a tie, allowed only inside a run of tied words wider than the line:
/// a tie is a better place to break than the middle of a word.
const TIE_EMERGENCY_COST: f32 = 600.0;

/// A paragraph's items, what each stands for, and the targets of its bare links.
#[derive(Default)]
struct Items {
    items: Vec<Item>,
    sources: Vec<Source>,
    bare_links: Vec<String>,
}

impl Items {
    fn push(&mut self, item: Item, source: Source) {
        self.items.push(item);
        self.sources.push(source);
    }

    /// Ends the line here, leaving the rest of it empty.
    fn forced_break(&mut self) {
        if self.items.is_empty() {
            return;
        }
        self.push(
            Item::Glue {
                width: 0.0,
                stretch: FIL,
                shrink: 0.0,
            },
            Source::Silent,
        );
        self.push(
            Item::Penalty {
                width: 0.0,
                cost: -INFINITY_PENALTY,
                flagged: false,
            },
            Source::Silent,
        );
    }

    /// The white-space-free tokens of a word piece: where each ends, and the index in
    /// `bare_links` of the link it makes, if any. (A word piece holds white space only in
    /// its fixed-width spaces.)
    fn bare_tokens(&mut self, text: &str) -> Vec<(usize, Option<u32>)> {
        let mut tokens = Vec::new();
        let mut from = 0;
        for (i, c) in text
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .chain(std::iter::once((text.len(), ' ')))
        {
            let link = text.get(from..i).and_then(bare_link).map(|uri| {
                self.bare_links.push(uri);
                self.bare_links.len() as u32 - 1
            });
            tokens.push((i, link));
            from = i + c.len_utf8();
        }
        tokens
    }
}

/// The white space between two words, set when the second begins.
#[derive(Default)]
struct Gap {
    /// The span of its last breaking space, if one came after a word.
    space: Option<u32>,
    /// The span of each no-break space in it; when there is any, the gap does not break.
    ties: Vec<u32>,
}

/// A paragraph as it is built into items: its spans, their faces and sizes, and the
/// bidirectional level of each byte when it holds right-to-left text.
#[derive(Clone, Copy)]
struct Input<'a> {
    spans: &'a [Span],
    info: &'a [SpanInfo],
    levels: Option<&'a [Vec<u8>]>,
    /// Break words by the language's hyphenation patterns.
    hyphenate: bool,
}

/// Adds to a piece's break points (sorted) a cut between clusters wherever the level
/// changes, so every box has one level; a break point already there serves as the cut.
fn with_level_changes(
    points: Vec<(usize, BreakKind)>,
    widths: &[(usize, f32)],
    levels: &[u8],
) -> Vec<(usize, BreakKind)> {
    let mut merged = Vec::with_capacity(points.len());
    let mut given = points.into_iter().peekable();
    let mut previous = levels.first().copied();
    for &(at, _) in widths {
        let Some(&level) = levels.get(at) else {
            break;
        };
        while let Some(&p) = given.peek()
            && p.0 < at
        {
            merged.push(p);
            given.next();
        }
        if Some(level) != previous && given.peek().is_none_or(|p| p.0 != at) {
            merged.push((at, BreakKind::LevelChange));
        }
        previous = Some(level);
    }
    merged.extend(given);
    merged
}

/// What [`Setter::line`] reads a paragraph's lines from.
#[derive(Clone, Copy)]
struct Para<'a> {
    spans: &'a [Span],
    info: &'a [SpanInfo],
    items: &'a [Item],
    sources: &'a [Source],
    bare_links: &'a [String],
}

/// A run of tied words may be wider than the line ("Hon.\u{a0}Jane\u{a0}…" pasted with
/// no-break spaces throughout): with no legal break in it the line would run off the page.
/// Its ties become breaks of last resort. Linear: each item is looked at twice at most.
fn loosen_long_ties(para: &mut Items, width: f32) {
    let mut from = 0;
    let mut natural = 0.0f32;
    let mut has_tie = false;
    for i in 0..para.items.len() {
        if is_legal(&para.items, i) {
            if has_tie && natural > width {
                for j in from..i {
                    if matches!(para.sources[j], Source::Tie)
                        && let Item::Penalty { cost, .. } = &mut para.items[j]
                    {
                        *cost = TIE_EMERGENCY_COST;
                    }
                }
            }
            from = i + 1;
            natural = 0.0;
            has_tie = false;
            continue;
        }
        match para.items[i] {
            Item::Box { width } | Item::Glue { width, .. } => natural += width,
            Item::Penalty { .. } => has_tie |= matches!(para.sources[i], Source::Tie),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyphenation::{Language, Load};

    /// A setter for the tests, with US English hyphenation; fonts and patterns load once.
    fn setter() -> Setter<'static> {
        static TOOLS: std::sync::LazyLock<(Fonts, Standard)> = std::sync::LazyLock::new(|| {
            let hyph = Standard::from_embedded(Language::EnglishUS).unwrap();
            (Fonts::load(), hyph)
        });
        Setter {
            cache: None,
            fonts: &TOOLS.0,
            hyphenator: &TOOLS.1,
            links: &[],
        }
    }

    fn plain(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.to_string(),
            style: FontStyle::Regular,
            link: None,
            sup: false,
            footnote: None,
        }]
    }

    fn right_edge(line: &TextLine) -> f32 {
        line.elements
            .iter()
            .filter_map(|e| match e {
                Element::Text(r) => Some(r.x + r.width),
                _ => None,
            })
            .fold(0.0, f32::max)
    }

    #[test]
    fn remembered_hyphenation_points_are_those_of_the_words_own_language() {
        let english = setter();
        let german = Standard::from_embedded(Language::German1996).unwrap();
        let german = Setter {
            hyphenator: &german,
            ..setter()
        };
        let points = |setter: &Setter<'_>, word: &str| {
            let mut points = Vec::new();
            setter.hyphen_breaks(word, |b| points.push(b));
            points
        };
        for word in ["Verwaltungsgericht", "administration", "Verwaltungsgericht"] {
            for setter in [&english, &german] {
                let fresh = setter.hyphenator.hyphenate(word).breaks;
                assert_eq!(points(setter, word), fresh, "{word}");
                // Asked again, the remembered points are the same.
                assert_eq!(points(setter, word), fresh, "{word}, again");
            }
        }
        assert_ne!(
            points(&english, "Verwaltungsgericht"),
            points(&german, "Verwaltungsgericht"),
            "the two languages break the word apart differently, so the test tells them apart"
        );
    }

    const TEXT: &str = "The United States District Court for the District of New Mexico will be upgrading its CM/ECF software to the Next Generation of CM/ECF and plans to go live on April 20, 2020. NextGen is the culmination of a multi-year project headed by the Administrative Office of the U.S. Courts to provide for the current and future filing and case management needs of all CM/ECF users, including https://www.pacer.gov/reg_firm.html and internationalization.";

    #[test]
    fn lines_fill_the_measure_but_never_cross_it_and_last_is_ragged() {
        let setter = setter();
        let width = 180.0;
        let lines = setter.set(&plain(TEXT), 11.0, width, Align::Justify, false);
        assert!(lines.len() > 5);
        for line in &lines[..lines.len() - 1] {
            let edge = right_edge(line);
            assert!(edge <= width + 0.01, "line over the measure: {edge}");
            assert!(edge >= width - 0.5, "justified line short: {edge}");
        }
        let last = right_edge(lines.last().unwrap());
        assert!(last < width - 5.0, "last line stretched to {last}");
        let text: String = lines
            .iter()
            .flat_map(|l| l.elements.iter())
            .filter_map(|e| match e {
                Element::Text(r) => Some(r.text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            text.contains('-'),
            "narrow measure should hyphenate: {text}"
        );
    }

    #[test]
    fn a_long_url_breaks_inside_the_measure() {
        let setter = setter();
        let url = "https://www.cacd.uscourts.gov/e-filing/maintaining-current-contact-information";
        let lines = setter.set(&plain(url), 11.0, 150.0, Align::Justify, false);
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(right_edge(line) <= 150.01);
        }
    }

    #[test]
    fn addresses_break_before_separators_never_inside_a_double_slash_or_after_a_dot() {
        let breaks = |text: &str| -> Vec<String> {
            url_breaks(text)
                .into_iter()
                .map(|at| format!("{}|{}", &text[..at], &text[at..]))
                .collect()
        };
        assert_eq!(
            breaks("https://www.pacer.gov/nextgen"),
            [
                "https://|www.pacer.gov/nextgen",
                "https://www|.pacer.gov/nextgen",
                "https://www.pacer|.gov/nextgen",
                "https://www.pacer.gov|/nextgen",
            ]
        );
        // The sentence's full stop is not part of the address; `.gov` is too short a piece.
        assert_eq!(
            breaks("cmecf@nmd.uscourts.gov."),
            ["cmecf|@nmd.uscourts.gov.", "cmecf@nmd|.uscourts.gov."]
        );
        assert_eq!(
            breaks("https://www.pacer.gov/reg_firm.html"),
            [
                "https://|www.pacer.gov/reg_firm.html",
                "https://www|.pacer.gov/reg_firm.html",
                "https://www.pacer|.gov/reg_firm.html",
                "https://www.pacer.gov|/reg_firm.html",
                "https://www.pacer.gov/reg|_firm.html",
            ]
        );
        // `=` and `&` may end or start a line.
        assert_eq!(
            breaks("ecf.gov/a?case=100&view=full"),
            [
                "ecf|.gov/a?case=100&view=full",
                "ecf.gov|/a?case=100&view=full",
                "ecf.gov/a|?case=100&view=full",
                "ecf.gov/a?case|=100&view=full",
                "ecf.gov/a?case=|100&view=full",
                "ecf.gov/a?case=100|&view=full",
                "ecf.gov/a?case=100&|view=full",
            ]
        );
    }

    #[test]
    fn a_long_address_set_in_a_narrow_measure_keeps_its_slashes_and_dots_whole() {
        for width in [60.0, 80.0, 110.0, 150.0] {
            for text in [
                "visit https://www.pacer.gov/nextgen or write to cmecf@nmd.uscourts.gov today.",
                "see https://www.cacd.uscourts.gov/e-filing/maintaining-current-contact-information.",
            ] {
                let lines = set(text, width);
                for pair in lines.windows(2) {
                    let (end, start) = (pair[0].0.trim_end(), pair[1].0.trim_start());
                    assert!(
                        !(end.ends_with('/') && start.starts_with('/')),
                        "{width}: {lines:?}"
                    );
                    assert!(
                        !end.ends_with('.')
                            || !start.starts_with(char::is_alphanumeric)
                            || end.ends_with(" today."),
                        "{width}: {lines:?}"
                    );
                    assert!(
                        !end.ends_with('-') || !end.contains("//"),
                        "{width}: {lines:?}"
                    );
                }
            }
        }
    }

    /// Prose as the notices have it: long words, numbers, addresses.
    const PROSE: [&str; 3] = [
        TEXT,
        "Central Sign-On is a new functionality that will allow attorneys and pro se parties with permission to electronically file to maintain one account across all NextGen courts (appellate, bankruptcy, and district). What this means is that E-Filers will be able to use one login and password to access all NextGen courts where they have permission to file, as well as to access PACER for all courts. Shared PACER accounts cannot be used by e-filing attorneys once the court has upgraded; however, firms may set up a PACER Administrative Account to help manage attorney accounts and have those individual accounts centrally billed for PACER access fees.",
        "If you currently have two separate PACER accounts (one for private use and one for CJA or other exempt use), your exemption privileges will be added to your individual upgraded PACER account, and you will be able to switch between exempt and non-exempt PACER use within the same account. For now, make sure that your individual, private account is upgraded as explained above. We will provide step-by-step instructions at a later date on how to link your exemption privileges to your individual account and how to select the appropriate status when accessing PACER.",
    ];

    #[test]
    fn justified_lines_stay_within_tolerance_and_hyphens_do_not_stack() {
        let setter = setter();
        let fonts = setter.fonts;
        let face = fonts.face(FontStyle::Regular);
        let mut worst = 0.0f32;
        let (mut pairs, mut total) = (0, 0);
        for text in PROSE {
            for width in (300..=468).step_by(12) {
                let lines = setter.set(&plain(text), 12.0, width as f32, Align::Justify, false);
                let space = face.advance(face.glyph(' ')) * 12.0 / 1000.0;
                for (n, line) in lines.iter().enumerate() {
                    if n + 1 == lines.len() {
                        continue;
                    }
                    let adjust = line
                        .elements
                        .iter()
                        .find_map(|e| match e {
                            Element::Text(run) if run.text.contains(' ') => Some(run.space_adjust),
                            _ => None,
                        })
                        .unwrap_or(0.0);
                    let ratio = adjust / (space * 0.6);
                    worst = worst.max(ratio);
                    assert!(
                        ratio <= 1.27,
                        "width {width}, line {n}: spaces stretched {ratio:.2}"
                    );
                }
                total += lines.len();
                pairs += lines
                    .windows(2)
                    .filter(|pair| pair[0].hyphenated && pair[1].hyphenated)
                    .count();
                assert!(
                    !lines
                        .windows(3)
                        .any(|three| three.iter().all(|line| line.hyphenated)),
                    "width {width}: three hyphenated lines in a row"
                );
            }
        }
        eprintln!("{pairs} pairs of hyphenated lines in {total} lines; widest spaces {worst:.2}");
        // TeX's demerits allow two hyphens in a row where avoiding them would cost loose
        // lines; they stay rare.
        assert!(
            pairs * 50 <= total,
            "{pairs} pairs of hyphenated lines in {total} lines"
        );
        assert!(worst > 0.0);
    }

    /// Sets `text` at 11 pt in `width`, justified, and returns the drawn text of each line.
    fn set(text: &str, width: f32) -> Vec<(String, f32)> {
        let setter = setter();
        let lines = setter.set(&plain(text), 11.0, width, Align::Justify, false);
        lines
            .iter()
            .map(|line| {
                let text: String = line
                    .elements
                    .iter()
                    .filter_map(|e| match e {
                        Element::Text(r) => Some(r.text.as_str()),
                        _ => None,
                    })
                    .collect();
                (text, right_edge(line))
            })
            .collect()
    }

    /// Every space separator, the line and paragraph separators, zero-width and format
    /// characters, marks, right-to-left letters and emoji, pasted anywhere in a paragraph.
    const PASTED: [&str; 30] = [
        "\u{a0}",
        "\u{1680}",
        "\u{2000}",
        "\u{2001}",
        "\u{2002}",
        "\u{2003}",
        "\u{2004}",
        "\u{2005}",
        "\u{2006}",
        "\u{2007}",
        "\u{2008}",
        "\u{2009}",
        "\u{200a}",
        "\u{202f}",
        "\u{205f}",
        "\u{3000}",
        "\u{2028}",
        "\u{2029}",
        "\u{200b}",
        "\u{200c}",
        "\u{200d}",
        "\u{200e}",
        "\u{2060}",
        "\u{feff}",
        "\u{ad}",
        "\u{301}",
        "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
        "\u{645}\u{631}\u{62d}\u{628}\u{627}",
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
        "\u{1f1fa}\u{1f1f8}\u{1f44d}\u{1f3fd}\u{fe0f}",
    ];

    #[test]
    fn pasted_characters_anywhere_set_inside_the_measure() {
        for pasted in PASTED {
            let texts = [
                format!("Jane{pasted}Roe-Smithsonian, Clerk{pasted}of Court"),
                format!("{pasted}Administrative{pasted} Office {pasted}internationalization"),
                format!("see https://www.pacer.gov/{pasted}reg_firm.html{pasted}"),
                format!("{}{pasted}{}", "x".repeat(300), "y".repeat(300)),
                format!("{TEXT}{pasted}"),
                pasted.repeat(400),
            ];
            for text in &texts {
                for width in [40.0, 150.0, 468.0] {
                    for (line, edge) in set(text, width) {
                        assert!(edge <= width + 0.01, "{pasted:?} over {width}: {line:?}");
                        for c in line.chars() {
                            assert!(
                                !matches!(
                                    classify(c),
                                    CharClass::Invisible
                                        | CharClass::ZeroWidthBreak
                                        | CharClass::SoftHyphen
                                ),
                                "{pasted:?} drew an invisible character: {line:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_no_break_space_ties_words_and_other_spaces_break() {
        let tied = "Hon.\u{a0}Jane\u{a0}Roe ".repeat(20);
        for (line, _) in set(&tied, 120.0) {
            let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
            assert!(
                words.len().is_multiple_of(3) && words.chunks(3).all(|c| c[0] == "Hon."),
                "a tie broke: {line:?}"
            );
        }
        for space in ["\u{2003}", "\u{2009}", "\u{3000}", "\u{205f}", "\u{1680}"] {
            let text = format!("word{space}").repeat(60);
            let lines = set(&text, 120.0);
            assert!(lines.len() > 3, "{space:?} did not break");
            assert!(
                lines.iter().all(|(l, _)| !l.contains('?')),
                "{space:?}: {lines:?}"
            );
        }
    }

    #[test]
    fn fixed_spaces_keep_their_glyph_and_ties_of_a_run_wider_than_the_line_give_way() {
        let lines = set("at 3:00\u{202f}PM and 1\u{2007}000 items", 468.0);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].0.contains("3:00\u{202f}PM") && lines[0].0.contains("1\u{2007}000"));
        let chain = vec!["Jane"; 200].join("\u{a0}");
        let lines = set(&chain, 200.0);
        assert!(lines.len() > 5);
        for (line, edge) in &lines {
            assert!(*edge <= 200.01, "{line:?}");
            // Broken at ties, never inside a name.
            assert!(
                line.split(' ').all(|w| w == "Jane" || w.is_empty()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn line_separators_end_lines_and_soft_hyphens_show_only_when_taken() {
        let lines = set("Suite 1100\u{2028}Santa Fe\u{2029}NM 87501", 468.0);
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.trim_end()).collect();
        assert_eq!(texts, ["Suite 1100", "Santa Fe", "NM 87501"]);
        let word = "super\u{ad}cali\u{ad}fragi\u{ad}listic";
        assert_eq!(set(word, 468.0)[0].0, "supercalifragilistic");
        // Narrower than the word: it breaks at its soft hyphens, each drawn as a hyphen.
        let narrow = set(word, 70.0);
        assert!(narrow.len() > 1);
        for (line, _) in &narrow[..narrow.len() - 1] {
            assert!(line.ends_with('-'), "{narrow:?}");
        }
        let joined: String = narrow
            .iter()
            .map(|(t, _)| t.trim_end_matches('-'))
            .collect();
        assert_eq!(joined, "supercalifragilistic");
    }

    #[test]
    fn a_run_wider_than_the_line_fills_each_line_and_keeps_clusters_whole() {
        let run = "e\u{301}\u{1f468}\u{200d}\u{1f469}x".repeat(400);
        let text = format!("Clerk: {run} ends here.");
        let width = 200.0;
        let lines = set(&text, width);
        assert!(lines.len() > 10);
        // The run starts on the first line, after "Clerk:", as CSS `overflow-wrap:
        // anywhere` would put it, and every line but the last is full.
        assert!(lines[0].0.starts_with("Clerk: e\u{301}"), "{:?}", lines[0]);
        for (line, edge) in &lines[..lines.len() - 1] {
            assert!(
                *edge <= width + 0.01 && *edge > width - 12.0,
                "{edge}: {line:?}"
            );
            // The family is one cluster: one fallback glyph, never split from its accent.
            assert!(!line.starts_with('\u{301}'), "{line:?}");
        }
        let drawn: String = lines.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            drawn.matches('?').count(),
            400,
            "one fallback per emoji cluster"
        );
    }

    /// The drawn text of each run of a one-line paragraph, left to right on the page.
    fn runs_left_to_right(text: &str) -> Vec<String> {
        let setter = setter();
        let lines = setter.set(&plain(text), 11.0, 468.0, Align::Left, false);
        assert_eq!(lines.len(), 1);
        let mut runs: Vec<(f32, String)> = lines[0]
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Text(r) => Some((r.x, r.text.clone())),
                _ => None,
            })
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        runs.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn right_to_left_words_are_drawn_in_visual_order() {
        // Logical "Clerk: ALEF-BET GIMEL-DALET (HE 12) end", the Hebrew a right-to-left run
        // with a number in it: it reads from the right, each word's letters reversed on
        // the page, the brackets mirrored, the number left to right.
        let drawn: String =
            runs_left_to_right("Clerk: \u{5d0}\u{5d1} \u{5d2}\u{5d3} (\u{5d4} 12) end").concat();
        assert_eq!(
            drawn,
            "Clerk: (12 \u{5d4}) \u{5d3}\u{5d2} \u{5d1}\u{5d0} end"
        );
        // Left-to-right text is untouched.
        assert_eq!(
            runs_left_to_right("Clerk: Jane (12) end").concat(),
            "Clerk: Jane (12) end"
        );
    }
}
