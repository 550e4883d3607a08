//! Turns a paragraph's styled spans into Knuth–Plass items (words, spaces, hyphenation
//! points, URL break points) and the chosen breaks back into positioned text runs.
//!
//! Box widths are measured as differences of kerned prefix widths of the whole word, so
//! the pieces of a hyphenated word add up to exactly the width the writer will draw, and
//! a line the breaker accepted never crosses the measure.

use hyphenation::{Hyphenator, Standard};

use super::doc::Span;
use super::fonts::{FontStyle, Fonts};
use super::linebreak::{FIL, INFINITY_PENALTY, Item, break_lines, line_ranges};
use super::page::{Element, TextRun};
use super::shape::{displayable, measure};

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
    /// Bytes `start..end` of span `span`.
    Text { span: u32, start: u32, end: u32 },
    /// A space in span `span`.
    Space { span: u32 },
    /// A hyphenation point in span `span` (draws "-" when taken).
    Hyphen { span: u32 },
    /// Break point that draws nothing.
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
pub struct LineCache(std::sync::Mutex<std::collections::HashMap<u64, Vec<TextLine>>>);

impl LineCache {
    const LIMIT: usize = 1024;
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
        let Some(cache) = self.cache else {
            return self.set_lines(spans, size, width, align, force_bold);
        };
        let key = self.key(spans, size, width, align, force_bold);
        if let Some(lines) = cache.0.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return lines;
        }
        let lines = self.set_lines(spans, size, width, align, force_bold);
        if let Ok(mut map) = cache.0.lock() {
            if map.len() >= LineCache::LIMIT {
                map.clear();
            }
            map.insert(key, lines.clone());
        }
        lines
    }

    /// FNV-1a over every input of [`Setter::set_lines`], link targets included.
    fn key(&self, spans: &[Span], size: f32, width: f32, align: Align, bold: bool) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
        };
        eat(&size.to_bits().to_le_bytes());
        eat(&width.to_bits().to_le_bytes());
        eat(&[align as u8, u8::from(bold)]);
        for span in spans {
            eat(span.text.as_bytes());
            eat(&[span.style as u8, u8::from(span.sup)]);
            eat(&span.footnote.unwrap_or(0).to_le_bytes());
            let link = span.link.and_then(|i| self.links.get(i as usize));
            eat(link.map_or(&b"-"[..], |uri| uri.as_bytes()));
        }
        h
    }

    fn set_lines(
        &self,
        spans: &[Span],
        size: f32,
        width: f32,
        align: Align,
        force_bold: bool,
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
        let mut items = Vec::with_capacity(64);
        let mut sources = Vec::with_capacity(64);
        self.build(spans, &info, width, align, &mut items, &mut sources);
        if items.is_empty() {
            return Vec::new();
        }
        let breaks = break_lines(&items, width);
        let ranges = line_ranges(&items, &breaks);
        let mut lines = Vec::with_capacity(ranges.len());
        for (range, brk) in ranges.into_iter().zip(&breaks) {
            let forced =
                matches!(items[brk.at], Item::Penalty { cost, .. } if cost <= -INFINITY_PENALTY);
            let ratio = if align != Align::Justify || forced {
                brk.ratio.min(0.0)
            } else {
                brk.ratio
            };
            let hyphen = matches!(sources[brk.at], Source::Hyphen { .. }).then_some(brk.at);
            let mut line = self.line(
                spans, &info, &items, &sources, range, hyphen, ratio, width, align,
            );
            line.hyphenated = hyphen.is_some();
            lines.push(line);
        }
        lines
    }

    fn build(
        &self,
        spans: &[Span],
        info: &[SpanInfo],
        width: f32,
        align: Align,
        items: &mut Vec<Item>,
        sources: &mut Vec<Source>,
    ) {
        let stretchy = align == Align::Justify;
        // A word may run across spans ("**register**."), so collect its pieces first.
        let mut word: Vec<(u32, u32, u32)> = Vec::new();
        let mut last_space: Option<u32> = None;
        for (si, span) in spans.iter().enumerate() {
            let si = si as u32;
            if span.text == "\n" {
                self.flush_word(spans, info, &mut word, width, items, sources);
                if !items.is_empty() {
                    items.push(Item::Glue {
                        width: 0.0,
                        stretch: FIL,
                        shrink: 0.0,
                    });
                    sources.push(Source::Silent);
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: -INFINITY_PENALTY,
                        flagged: false,
                    });
                    sources.push(Source::Silent);
                }
                last_space = None;
                continue;
            }
            let text = span.text.as_str();
            let mut start = None;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() && c != '\u{a0}' {
                    if let Some(s) = start.take() {
                        word.push((si, s as u32, i as u32));
                    }
                    if !word.is_empty() {
                        self.flush_word(spans, info, &mut word, width, items, sources);
                        last_space = Some(si);
                    } else if last_space.is_some() {
                        last_space = Some(si);
                    }
                    continue;
                }
                if start.is_none() {
                    if let Some(space_span) = last_space.take()
                        && !items.is_empty()
                    {
                        let face = self.fonts.face(info[space_span as usize].style);
                        let w =
                            face.advance(face.glyph(' ')) * info[space_span as usize].size / 1000.0;
                        let (stretch, shrink) = if stretchy {
                            (w * 0.6, w * 0.3)
                        } else {
                            (w * 0.6, 0.0)
                        };
                        items.push(Item::Glue {
                            width: w,
                            stretch,
                            shrink,
                        });
                        sources.push(Source::Space { span: space_span });
                    }
                    start = Some(i);
                }
            }
            if let Some(s) = start {
                word.push((si, s as u32, text.len() as u32));
            }
        }
        self.flush_word(spans, info, &mut word, width, items, sources);
        if !items.is_empty() {
            items.push(Item::Glue {
                width: 0.0,
                stretch: FIL,
                shrink: 0.0,
            });
            sources.push(Source::Silent);
            items.push(Item::Penalty {
                width: 0.0,
                cost: -INFINITY_PENALTY,
                flagged: false,
            });
            sources.push(Source::Silent);
        }
    }

    /// Emits the boxes of one word, with its hyphenation and URL break points.
    fn flush_word(
        &self,
        spans: &[Span],
        info: &[SpanInfo],
        word: &mut Vec<(u32, u32, u32)>,
        width: f32,
        items: &mut Vec<Item>,
        sources: &mut Vec<Source>,
    ) {
        for &(si, start, end) in word.iter() {
            let text = &spans[si as usize].text[start as usize..end as usize];
            let inf = &info[si as usize];
            let face = self.fonts.face(inf.style);
            let full = measure(face, text, inf.size);
            let points = self.break_points(text, full, width);
            let mut prev = 0usize;
            let mut prev_w = 0.0;
            for (at, kind) in points
                .iter()
                .copied()
                .chain(std::iter::once((text.len(), BreakKind::End)))
            {
                if at <= prev && kind != BreakKind::End {
                    continue;
                }
                let w = if at == text.len() {
                    full
                } else {
                    measure(face, &text[..at], inf.size)
                };
                items.push(Item::Box { width: w - prev_w });
                sources.push(Source::Text {
                    span: si,
                    start: start + prev as u32,
                    end: start + at as u32,
                });
                prev_w = w;
                prev = at;
                match kind {
                    BreakKind::End => {}
                    BreakKind::Hyphen => {
                        let hw = face.advance(face.glyph('-')) * inf.size / 1000.0;
                        items.push(Item::Penalty {
                            width: hw,
                            cost: 50.0,
                            flagged: true,
                        });
                        sources.push(Source::Hyphen { span: si });
                    }
                    BreakKind::Url => {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: 150.0,
                            flagged: false,
                        });
                        sources.push(Source::Silent);
                    }
                    BreakKind::Emergency => {
                        items.push(Item::Penalty {
                            width: 0.0,
                            cost: 900.0,
                            flagged: false,
                        });
                        sources.push(Source::Silent);
                    }
                }
            }
        }
        word.clear();
    }

    /// Byte offsets inside `text` where a line may break, and how.
    fn break_points(&self, text: &str, full: f32, width: f32) -> Vec<(usize, BreakKind)> {
        let mut points = Vec::new();
        let urlish = text.contains("://")
            || text.contains('@')
            || text.starts_with("www.")
            || (text.contains('/') && text.len() > 15);
        if urlish {
            for (i, c) in text.char_indices() {
                let next = i + c.len_utf8();
                if matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '@' | '=')
                    && next < text.len()
                    && next > 0
                {
                    points.push((next, BreakKind::Url));
                }
            }
        } else {
            // Hyphenate the letters only, not surrounding quotes or punctuation.
            let core_start = text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len());
            // The end of the last letter, which may be more than one byte (found by fuzzing).
            let core_end = text
                .char_indices()
                .rfind(|(_, c)| c.is_alphabetic())
                .map_or(0, |(i, c)| i + c.len_utf8());
            if core_end > core_start + 5 {
                let core = &text[core_start..core_end];
                if core.chars().all(|c| c.is_ascii_alphabetic()) {
                    for b in self.hyphenator.hyphenate(core).breaks {
                        points.push((core_start + b, BreakKind::Hyphen));
                    }
                } else if core.contains('-') {
                    for (i, _) in core.match_indices('-') {
                        points.push((core_start + i + 1, BreakKind::Url));
                    }
                }
            }
        }
        if full > width * 0.9 {
            // Wider than the measure even at its break points: allow a break anywhere.
            for (i, _) in text.char_indices().skip(1) {
                if !points.iter().any(|(p, _)| *p == i) {
                    points.push((i, BreakKind::Emergency));
                }
            }
        }
        points.sort_by_key(|p| p.0);
        points
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &self,
        spans: &[Span],
        info: &[SpanInfo],
        items: &[Item],
        sources: &[Source],
        range: std::ops::Range<usize>,
        hyphen: Option<usize>,
        ratio: f32,
        width: f32,
        align: Align,
    ) -> TextLine {
        let mut line = TextLine::default();
        let mut runs: Vec<(u32, TextRun)> = Vec::new();
        let mut links: Vec<(f32, f32, f32, f32, String)> = Vec::new();
        let mut x = 0.0f32;
        let glue_width = |item: &Item| match *item {
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                width
                    + if ratio >= 0.0 {
                        ratio * stretch
                    } else {
                        ratio * shrink
                    }
            }
            _ => 0.0,
        };
        let push = |runs: &mut Vec<(u32, TextRun)>,
                    si: u32,
                    text: &str,
                    w: f32,
                    space_adjust: Option<f32>,
                    x: f32| {
            let inf = &info[si as usize];
            let span = &spans[si as usize];
            let face = self.fonts.face(inf.style);
            if let Some((last_si, run)) = runs.last_mut()
                && *last_si == si
            {
                run.text.extend(text.chars().map(|c| displayable(face, c)));
                run.width += w;
                if let Some(adj) = space_adjust {
                    run.space_adjust = adj;
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
                    text: text.chars().map(|c| displayable(face, c)).collect(),
                    space_adjust: space_adjust.unwrap_or(0.0),
                    width: w,
                    link: span.link.is_some(),
                },
            ));
        };
        for i in range.clone() {
            match sources[i] {
                Source::Text { span, start, end } => {
                    let w = match items[i] {
                        Item::Box { width } => width,
                        _ => 0.0,
                    };
                    let s = &spans[span as usize];
                    let text = &s.text[start as usize..end as usize];
                    push(&mut runs, span, text, w, None, x);
                    let target = match s.link {
                        Some(link) => Some(self.links[link as usize].clone()),
                        None => bare_link(&s.text, start as usize, end as usize),
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
                    let w = glue_width(&items[i]);
                    let natural = match items[i] {
                        Item::Glue { width, .. } => width,
                        _ => 0.0,
                    };
                    push(&mut runs, span, " ", w, Some(w - natural), x);
                    x += w;
                }
                Source::Hyphen { .. } | Source::Silent => {}
            }
        }
        if let Some(at) = hyphen
            && let (Source::Hyphen { span }, Item::Penalty { width: w, .. }) =
                (sources[at], items[at])
        {
            push(&mut runs, span, "-", w, None, x);
            x += w;
        }
        let offset = match align {
            Align::Justify | Align::Left => 0.0,
            Align::Center => ((width - x) / 2.0).max(0.0),
        };
        for (_, mut run) in runs {
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
            });
        }
        line
    }
}

/// A URL or e-mail address written as plain text ("visit https://www.pacer.gov.") is
/// still made clickable: the Markdown dialect has no bare-URL autolinks, but readers
/// expect them. Returns the target of the word around bytes `start..end` of `text`.
fn bare_link(text: &str, start: usize, end: usize) -> Option<String> {
    let from = text[..start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let to = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    let word = text[from..to]
        .trim_start_matches(['(', '[', '<', '"', '\u{201c}'])
        .trim_end_matches(['.', ',', ';', ':', ')', ']', '>', '"', '\u{201d}', '!', '?']);
    let lower = word.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://")) && word.len() > 10 {
        Some(word.to_string())
    } else if lower.starts_with("www.") && word[4..].contains('.') {
        Some(format!("https://{word}"))
    } else if let Some(at) = word.find('@')
        && at > 0
        && word[at + 1..].contains('.')
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
    Emergency,
    End,
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyphenation::{Language, Load};

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

    const TEXT: &str = "The United States District Court for the District of New Mexico will be upgrading its CM/ECF software to the Next Generation of CM/ECF and plans to go live on April 20, 2020. NextGen is the culmination of a multi-year project headed by the Administrative Office of the U.S. Courts to provide for the current and future filing and case management needs of all CM/ECF users, including https://www.pacer.gov/reg_firm.html and internationalization.";

    #[test]
    fn lines_fill_the_measure_but_never_cross_it_and_last_is_ragged() {
        let fonts = Fonts::load();
        let hyph = Standard::from_embedded(Language::EnglishUS).unwrap();
        let setter = Setter {
            cache: None,
            fonts: &fonts,
            hyphenator: &hyph,
            links: &[],
        };
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
        let fonts = Fonts::load();
        let hyph = Standard::from_embedded(Language::EnglishUS).unwrap();
        let setter = Setter {
            cache: None,
            fonts: &fonts,
            hyphenator: &hyph,
            links: &[],
        };
        let url = "https://www.cacd.uscourts.gov/e-filing/maintaining-current-contact-information";
        let lines = setter.set(&plain(url), 11.0, 150.0, Align::Justify, false);
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(right_edge(line) <= 150.01);
        }
    }
}
