//! A CSV file read as a spreadsheet shows it, so that every row number a report gives is the
//! row the clerk sees in Excel or LibreOffice: the first row is 1; a record ends at LF, CRLF
//! or a lone CR (as old Mac files end lines); a blank line is a row of its own; a quoted field
//! may hold line breaks and still belongs to one row; a UTF-8 byte-order mark is skipped.
//!
//! A quote that is opened and never closed would make the rest of the file one field (that
//! is what a spreadsheet shows: one row, then nothing). The reader reports it instead, at the
//! row where the quote opened, and reads the lines after it as the rows they were meant to
//! be. The same holds for a quoted field that runs over line ends and is "closed" by a quote
//! with text right after it, which is the quote of a later row.
//!
//! Records are read one at a time from any `BufRead`, so a long list costs the memory of
//! one record.

use std::io::{self, BufRead};
use std::ops::Range;

/// One record of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The spreadsheet row where the record starts (the file's first row is 1).
    pub row: usize,
    pub fields: Vec<String>,
    /// The record's bytes as they are in the file, without its line end.
    pub raw: Vec<u8>,
    /// Each field's bytes in `raw`, quotes included.
    pub spans: Vec<Range<usize>>,
    /// What is wrong with the record's form, if anything.
    pub trouble: Option<Trouble>,
}

/// A record whose form is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The quote opening field `field` is never closed: read as a spreadsheet reads it, the
    /// field would take in the `lines` lines after this row, to the end of the file.
    UnclosedQuote { field: usize, lines: usize },
    /// The quote opening field `field` is closed only `lines` lines further on and has text
    /// right after it: a closing quote is missing on this row.
    QuoteClosedLate { field: usize, lines: usize },
    /// Field `field` is not UTF-8: its first bad byte.
    NotUtf8 { field: usize, byte: u8 },
}

/// The records of a CSV file, in order; blank lines are counted as rows and not returned.
pub struct CsvRows<R> {
    source: Source<R>,
    /// The row the next record starts on.
    row: usize,
    started: bool,
}

impl<R: BufRead> CsvRows<R> {
    pub fn new(reader: R) -> CsvRows<R> {
        CsvRows {
            source: Source::new(reader),
            row: 1,
            started: false,
        }
    }

    /// The next record that is not a blank line, or None at the end of the file.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        if !self.started {
            self.started = true;
            self.source.skip_bom()?;
        }
        loop {
            self.source.mark();
            let Some(parsed) = parse(&mut self.source, false)? else {
                return Ok(None);
            };
            let row = self.row;
            self.row += 1;
            let Parsed {
                raw,
                fields,
                spans,
                runaway,
            } = parsed;
            if raw.is_empty() {
                continue;
            }
            let (raw, fields, spans, trouble) = match runaway {
                None => (raw, fields, spans, None),
                Some(runaway) => {
                    // Keep this row up to the line end inside the runaway field; read what
                    // follows again, as rows of their own.
                    let cut = runaway.first_break;
                    let rest = skip_line_end(&raw[cut..]);
                    self.source.unread(rest);
                    let mut head = raw;
                    head.truncate(cut);
                    let mut again = Source::new(head.as_slice());
                    let reparsed = parse(&mut again, true)?.unwrap_or_default();
                    let trouble = if runaway.to_end {
                        Trouble::UnclosedQuote {
                            field: runaway.field,
                            lines: runaway.lines,
                        }
                    } else {
                        Trouble::QuoteClosedLate {
                            field: runaway.field,
                            lines: runaway.lines,
                        }
                    };
                    (head, reparsed.fields, reparsed.spans, Some(trouble))
                }
            };
            let mut trouble = trouble;
            let fields = fields
                .into_iter()
                .enumerate()
                .map(|(field, bytes)| match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(error) => {
                        let valid = error.utf8_error().valid_up_to();
                        let bytes = error.into_bytes();
                        if trouble.is_none() {
                            let byte = bytes.get(valid).copied().unwrap_or(0);
                            trouble = Some(Trouble::NotUtf8 { field, byte });
                        }
                        String::from_utf8_lossy(&bytes).into_owned()
                    }
                })
                .collect();
            return Ok(Some(Record {
                row,
                fields,
                raw,
                spans,
                trouble,
            }));
        }
    }
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}

/// A record as the file shows it, for a report: its text on one line (line ends inside
/// quoted fields drawn as ␍ and ␊, so the line stays one row) and the byte range of field
/// `field` (0-based) in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub span: Range<usize>,
}

/// Where field `field` (0-based) of the record on spreadsheet row `row` is in `text`.
pub fn locate(text: &str, row: usize, field: usize) -> Option<Shown> {
    let mut rows = CsvRows::new(text.as_bytes());
    let record = loop {
        let record = rows.next_record().ok()??;
        if record.row == row {
            break record;
        }
        if record.row > row {
            return None;
        }
    };
    let span = record
        .spans
        .get(field)
        .or_else(|| record.spans.first())
        .cloned()
        .unwrap_or(0..0);
    // One visible character for each character that would break the line or drive the
    // terminal, so the row stays one line and columns stay counted.
    let shown = |bytes: &[u8]| -> String {
        String::from_utf8_lossy(bytes)
            .chars()
            .map(|c| match c {
                '\r' => '\u{240d}',
                '\n' => '\u{240a}',
                '\u{85}' | '\u{2028}' | '\u{2029}' => '\u{2424}',
                '\u{80}'..='\u{9f}' => '\u{fffd}',
                c => c,
            })
            .collect()
    };
    let text = shown(&record.raw);
    let start = shown(record.raw.get(..span.start)?).len();
    let mut end = shown(record.raw.get(..span.end)?).len();
    if end == start {
        // An empty field: mark the character after it (its comma), if any.
        end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    Some(Shown {
        text,
        span: start..end,
    })
}

/// The bytes after the line end that `bytes` starts with (CRLF, LF or CR).
fn skip_line_end(bytes: &[u8]) -> &[u8] {
    match bytes {
        [b'\r', b'\n', rest @ ..] | [b'\r', rest @ ..] | [b'\n', rest @ ..] => rest,
        rest => rest,
    }
}

/// One record as bytes, before decoding.
#[derive(Default)]
struct Parsed {
    raw: Vec<u8>,
    fields: Vec<Vec<u8>>,
    spans: Vec<Range<usize>>,
    runaway: Option<Runaway>,
}

/// A quoted field that ran over line ends and then went wrong.
struct Runaway {
    field: usize,
    /// Offset in `raw` of the first line end inside the field.
    first_break: usize,
    /// Line ends inside the field.
    lines: usize,
    /// It ran to the end of the file (else a quote closed it with text after).
    to_end: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

/// Reads one record (RFC 4180, with line ends LF, CRLF or CR). None at the end of the
/// file. With `eof_closes_quotes`, the end of the input ends an open quoted field quietly.
fn parse<R: BufRead>(
    source: &mut Source<R>,
    eof_closes_quotes: bool,
) -> io::Result<Option<Parsed>> {
    let mut out = Parsed::default();
    let mut field = Vec::new();
    let mut start = 0;
    let mut state = State::FieldStart;
    // Line ends inside the current quoted field, and where the first one is.
    let mut breaks = 0;
    let mut first_break = None;
    let mut any = false;
    loop {
        let byte = source.next()?;
        if let Some(b) = byte {
            any = true;
            out.raw.push(b);
        }
        let end_field = |out: &mut Parsed, field: &mut Vec<u8>, start: &mut usize, len: usize| {
            out.fields.push(std::mem::take(field));
            out.spans.push(*start..len);
            *start = len + 1;
        };
        match (state, byte) {
            (_, None) if !any => return Ok(None),
            (State::Quoted, None) if !eof_closes_quotes => {
                // Open to the end of the file: the row ends at the field's first line end
                // (or here, on the last line).
                // The file's last line end ends the last line; it starts no line of its own.
                let last_ends_line = out.raw.ends_with(b"\n") || out.raw.ends_with(b"\r");
                out.runaway = Some(Runaway {
                    field: out.fields.len(),
                    first_break: first_break.unwrap_or(out.raw.len()),
                    lines: breaks - usize::from(last_ends_line && breaks > 0),
                    to_end: true,
                });
                return Ok(Some(out));
            }
            (_, None) => {
                let len = out.raw.len();
                end_field(&mut out, &mut field, &mut start, len);
                return Ok(Some(out));
            }
            (State::Quoted, Some(b'"')) => state = State::QuoteInQuoted,
            (State::Quoted, Some(b)) => {
                if b == b'\n' || (b == b'\r' && source.peek()? != Some(b'\n')) {
                    breaks += 1;
                }
                if (b == b'\n' || b == b'\r') && first_break.is_none() {
                    first_break = Some(out.raw.len() - 1);
                }
                field.push(b);
            }
            (State::QuoteInQuoted, Some(b'"')) => {
                field.push(b'"');
                state = State::Quoted;
            }
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, Some(b',')) => {
                let len = out.raw.len() - 1;
                end_field(&mut out, &mut field, &mut start, len);
                state = State::FieldStart;
            }
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, Some(b'\r' | b'\n')) => {
                if byte == Some(b'\r') && source.peek()? == Some(b'\n') {
                    source.next()?;
                }
                out.raw.pop();
                let len = out.raw.len();
                if len > 0 || !out.fields.is_empty() {
                    end_field(&mut out, &mut field, &mut start, len);
                }
                return Ok(Some(out));
            }
            (State::QuoteInQuoted, Some(_)) if breaks > 0 && !eof_closes_quotes => {
                out.runaway = first_break.map(|first_break| Runaway {
                    field: out.fields.len(),
                    first_break,
                    lines: breaks,
                    to_end: false,
                });
                return Ok(Some(out));
            }
            (State::FieldStart, Some(b'"')) => {
                state = State::Quoted;
                breaks = 0;
                first_break = None;
            }
            // Text after a closing quote, or a quote inside unquoted text: kept as text, as
            // spreadsheets do.
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, Some(b)) => {
                field.push(b);
                state = State::Unquoted;
            }
        }
    }
}

/// Bytes from a reader, with bytes given back read first again.
struct Source<R> {
    inner: R,
    back: Vec<u8>,
    at: usize,
    /// Whether a byte came from `inner` since the last mark.
    fresh: bool,
}

impl<R: BufRead> Source<R> {
    fn new(inner: R) -> Source<R> {
        Source {
            inner,
            back: Vec::new(),
            at: 0,
            fresh: false,
        }
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        let buf = self.inner.fill_buf()?;
        if buf.starts_with(b"\xef\xbb\xbf") {
            self.inner.consume(3);
        }
        Ok(())
    }

    /// The start of a record: bytes given back later are the record's own.
    fn mark(&mut self) {
        self.fresh = false;
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        if let Some(&b) = self.back.get(self.at) {
            self.at += 1;
            return Ok(Some(b));
        }
        let b = self.peek_inner()?;
        if b.is_some() {
            self.inner.consume(1);
            self.fresh = true;
        }
        Ok(b)
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        match self.back.get(self.at) {
            Some(&b) => Ok(Some(b)),
            None => self.peek_inner(),
        }
    }

    fn peek_inner(&mut self) -> io::Result<Option<u8>> {
        if !self.back.is_empty() {
            self.back.clear();
            self.at = 0;
        }
        Ok(self.inner.fill_buf()?.first().copied())
    }

    /// Gives back the last `bytes.len()` bytes read since the mark, to be read again. When
    /// they all came from earlier given-back bytes, this only steps back, so re-reading a
    /// long stretch more than once copies nothing.
    fn unread(&mut self, bytes: &[u8]) {
        if !self.fresh && self.at >= bytes.len() {
            self.at -= bytes.len();
        } else {
            let mut back = bytes.to_vec();
            back.extend_from_slice(self.back.get(self.at..).unwrap_or_default());
            self.back = back;
            self.at = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[u8]) -> Vec<(usize, Vec<String>, Option<Trouble>)> {
        CsvRows::new(text)
            .map(|r| {
                let r = r.unwrap();
                (r.row, r.fields, r.trouble)
            })
            .collect()
    }

    fn simple(text: &[u8]) -> Vec<(usize, String)> {
        rows(text)
            .into_iter()
            .map(|(row, fields, trouble)| {
                assert_eq!(trouble, None);
                (row, fields.join("|"))
            })
            .collect()
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_numbers_them_whatever_the_line_ends() {
        let expected = vec![(1, "a|b".to_string()), (2, "1|2".into()), (3, "3|4".into())];
        for text in [
            &b"a,b\n1,2\n3,4\n"[..],
            b"a,b\r\n1,2\r\n3,4\r\n",
            b"a,b\r1,2\r3,4\r",
            b"a,b\r\n1,2\r\n3,4",
            b"\xef\xbb\xbfa,b\r\n1,2\r\n3,4\r\n",
        ] {
            assert_eq!(
                simple(text),
                expected,
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
        assert!(simple(b"").is_empty());
    }

    #[test]
    fn blank_lines_count_as_rows() {
        assert_eq!(
            simple(b"a,b\n\n1,2\r\n\r\n\r\n3,4\n\n"),
            vec![(1, "a|b".to_string()), (3, "1|2".into()), (6, "3|4".into())]
        );
        assert_eq!(
            simple(b"\na,b\r\r1,2"),
            vec![(2, "a|b".to_string()), (4, "1|2".into())]
        );
    }

    #[test]
    fn a_quoted_field_over_several_lines_is_one_row() {
        assert_eq!(
            simple(b"a,b\n\"x\ny\",2\n3,\"4\r\n5\"\r\n6,7\n"),
            vec![
                (1, "a|b".to_string()),
                (2, "x\ny|2".into()),
                (3, "3|4\r\n5".into()),
                (4, "6|7".into())
            ]
        );
        assert_eq!(
            simple(b"a\n\"say \"\"hi\"\", \"\"bye\"\"\"\n"),
            vec![(1, "a".to_string()), (2, "say \"hi\", \"bye\"".into())]
        );
        // Text after a closing quote on the same line, and quotes inside plain text.
        assert_eq!(
            simple(b"a,b\n\"ab\"c,5\" disk\n"),
            vec![(1, "a|b".to_string()), (2, "abc|5\" disk".into())]
        );
        assert_eq!(
            simple(b"a,b\n,\n"),
            vec![(1, "a|b".to_string()), (2, "|".into())]
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opened_and_the_rows_after_it_are_kept() {
        let found = rows(b"a,b\n1,\"x\n3,4\n5,6\n");
        assert_eq!(found.len(), 4);
        assert_eq!(
            found[1],
            (
                2,
                vec!["1".to_string(), "x".into()],
                Some(Trouble::UnclosedQuote { field: 1, lines: 2 })
            )
        );
        assert_eq!(found[2], (3, vec!["3".to_string(), "4".into()], None));
        assert_eq!(found[3], (4, vec!["5".to_string(), "6".into()], None));
        // On the last line, with nothing after it.
        let found = rows(b"a,b\n1,\"x");
        assert_eq!(
            found[1].2,
            Some(Trouble::UnclosedQuote { field: 1, lines: 0 })
        );
        assert_eq!(found[1].1, ["1", "x"]);
    }

    #[test]
    fn a_quote_closed_rows_later_by_another_rows_quote_is_reported() {
        let found = rows(b"a,b,c\n1,\"Lopez & Baca,2\n3,4,5\n6,\"Roe, Jane\",7\n8,9,10\n");
        let summary: Vec<(usize, usize, Option<Trouble>)> = found
            .into_iter()
            .map(|(row, fields, trouble)| (row, fields.len(), trouble))
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, 3, None),
                (2, 2, Some(Trouble::QuoteClosedLate { field: 1, lines: 2 })),
                (3, 3, None),
                (4, 3, None),
                (5, 3, None)
            ]
        );
    }

    #[test]
    fn many_unclosed_quotes_are_each_reported_once() {
        let mut text = String::from("a,b\n");
        for i in 0..500 {
            text.push_str(&format!("{i},\"open\n"));
        }
        let found = rows(text.as_bytes());
        assert_eq!(found.len(), 501);
        assert!(found[1..].iter().all(|(_, _, t)| t.is_some()));
        assert_eq!(found[500].0, 501);
    }

    #[test]
    fn a_field_that_is_not_utf8_is_named() {
        let found = rows(b"a,b\nEspa\xf1ola,2\n");
        assert_eq!(
            found[1].2,
            Some(Trouble::NotUtf8 {
                field: 0,
                byte: 0xf1
            })
        );
        assert_eq!(found[1].1[0], "Espa\u{fffd}ola");
    }

    #[test]
    fn a_record_is_shown_on_one_line_with_its_field_marked() {
        let text = "a,b,c\r\n\r\n\"x\r\ny\",,\"Roe, Jane\"\r\n";
        let shown = locate(text, 3, 2).unwrap();
        assert_eq!(shown.text, "\"x\u{240d}\u{240a}y\",,\"Roe, Jane\"");
        assert_eq!(&shown.text[shown.span.clone()], "\"Roe, Jane\"");
        let empty = locate(text, 3, 1).unwrap();
        assert_eq!(&empty.text[empty.span.clone()], ",");
        assert_eq!(locate(text, 2, 0), None);
        assert_eq!(locate(text, 9, 0), None);
        let header = locate(text, 1, 9).unwrap();
        assert_eq!(&header.text[header.span], "a");
        let odd = locate("a\nx\u{85}y\u{2028}z\u{9b}2J\n", 2, 0).unwrap();
        assert_eq!(odd.text, "x\u{2424}y\u{2424}z\u{fffd}2J");
    }
}
