//! Mailings: one notice personalised for every reader on a list of recipients, printed as
//! one PDF for the mailroom, split into files, or sent as e-mail through an SMTP relay.
//! `recipients` reads the list (its rows through `crate::csv_rows`, the text of its fields checked
//! by `field_text`), `merge` makes the outputs (its CSV files through `csv_out`), `message`
//! builds each e-mail, `send` delivers them and `journal` remembers what went out.

pub mod csv_out;
pub mod field_text;
pub mod journal;
pub mod merge;
pub mod message;
pub mod recipients;
pub mod send;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether a progress bar asked for (`wanted`) shows: only on a terminal.
pub fn progress_shown(wanted: bool) -> bool {
    use std::io::IsTerminal;
    wanted && std::io::stderr().is_terminal()
}

/// A progress bar on standard error when it is a terminal and `wanted`; otherwise one
/// that draws nothing.
pub fn progress_bar(wanted: bool, total: usize) -> ProgressBar {
    if !progress_shown(wanted) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// "1 row", "2 rows": a count with its noun in agreement.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
