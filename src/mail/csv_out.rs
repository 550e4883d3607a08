//! The CSV files a mailing writes (`mailing.csv`, `rejected.csv`) are opened by clerks in a
//! spreadsheet, which runs a cell starting with `=`, `+`, `-` or `@` as a formula: a
//! recipient named `=HYPERLINK(…)` or `=cmd|…` would run on the clerk's machine. Every cell
//! is quoted and one that a spreadsheet could take for a formula gets a leading `'`, as
//! OWASP's "CSV Injection" advice has it; the spreadsheet shows the text as it was. The
//! letters and e-mails keep the real text. Each file starts with a UTF-8 byte-order mark,
//! without which Excel reads a CSV in the machine's legacy code page and garbles every
//! accented name (`José` as `JosÃ©`).

use std::borrow::Cow;
use std::io::Write;

/// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
/// return, hide one), with their full-width forms, which some spreadsheets read alike.
const FORMULA_START: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// The cell as it is safe to write: with a leading `'` when a spreadsheet could take it for
/// a formula, also behind leading spaces or line breaks, which some spreadsheets skip.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let first = cell.chars().next();
    let first_visible = cell.trim_start_matches([' ', '\n']).chars().next();
    let risky = |c: Option<char>| c.is_some_and(|c| FORMULA_START.contains(&c));
    if risky(first) || risky(first_visible) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The UTF-8 byte-order mark that tells a spreadsheet the file's encoding.
const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// A CSV writer that quotes every cell and neutralises formulas.
pub struct SafeCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> SafeCsv<W> {
    /// Starts the file with its byte-order mark.
    pub fn new(mut out: W) -> std::io::Result<SafeCsv<W>> {
        out.write_all(BYTE_ORDER_MARK)?;
        Ok(SafeCsv {
            writer: csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Always)
                .from_writer(out),
        })
    }

    pub fn row<I, S>(&mut self, cells: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.writer.write_record(
            cells
                .into_iter()
                .map(|cell| neutralise(cell.as_ref()).into_owned()),
        )
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }

    pub fn into_inner(self) -> Result<W, String> {
        self.writer.into_inner().map_err(|e| e.error().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_leading_quote_and_others_stay() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "=cmd|' /C calc'!A0",
            "+1 505 555 0100",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "\u{ff1d}1+1",
            "\u{ff20}SUM(A1)",
            "  =1+1",
            "\n=1+1",
        ] {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in ["Maria Lopez", "1 Main St.", "", "a=b", "O'Neil", "2"] {
            assert_eq!(neutralise(plain), plain);
        }
    }

    #[test]
    fn every_cell_is_quoted_after_the_byte_order_mark() {
        let mut out = SafeCsv::new(Vec::new()).unwrap();
        out.row(["2", "=1+1", "Roe, \"Jane\""]).unwrap();
        let bytes = out.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}\"2\",\"'=1+1\",\"Roe, \"\"Jane\"\"\"\n"
        );
    }
}
