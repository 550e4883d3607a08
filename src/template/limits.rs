//! Bounds on what the templates may make of one notice, so that a template that loops too
//! often (two nested 100,000-step loops) ends quickly with an error naming the template and the
//! court, instead of running for hours or filling memory. A notice is a few pages: the limits
//! are far above any real one.
//!
//! Output is counted as Tera writes it ([`Capped`]); `range()`, the way a template makes a
//! loop of its own, draws its steps from a budget for the whole notice, so a loop inside a loop
//! is stopped even when it writes nothing. The budget is per thread: a notice renders on one.

use std::cell::RefCell;
use std::io::{self, Write};

use tera::{Kwargs, State, Tera, TeraResult};

/// Bytes of Markdown one notice may come to.
pub const MAX_OUTPUT: usize = 1 << 20;
/// Pieces of output (text between tags, values) one notice may write: a loop writing empty
/// values is stopped too.
pub const MAX_PIECES: usize = 1_000_000;
/// Steps all the `range()` loops of one notice may take together.
pub const MAX_RANGE_STEPS: i128 = 100_000;
/// Bytes a template file may have.
pub const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

struct Budget {
    /// The court whose notice is rendering, for messages.
    court: String,
    range_steps: i128,
}

thread_local! {
    static BUDGET: RefCell<Budget> = const {
        RefCell::new(Budget { court: String::new(), range_steps: MAX_RANGE_STEPS })
    };
}

/// Starts a fresh budget for one notice of `court` on this thread.
pub fn start(court: &str) {
    BUDGET.with(|budget| {
        let mut budget = budget.borrow_mut();
        budget.court = court.to_string();
        budget.range_steps = MAX_RANGE_STEPS;
    });
}

/// `range(end=N, start=0, step_by=1)` as Tera has it, drawing its steps from the budget.
pub fn register(tera: &mut Tera) {
    tera.register_function("range", range);
}

fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let steps = steps(start, end, step).map_err(tera::Error::message)?;
    BUDGET.with(|budget| {
        let mut budget = budget.borrow_mut();
        if steps > budget.range_steps {
            let court = match budget.court.as_str() {
                "" => String::new(),
                court => format!("court `{court}`: "),
            };
            return Err(tera::Error::message(format!(
                "{court}this `range` would take the notice's loops past {MAX_RANGE_STEPS} steps \
                 in all (a loop inside a loop?); a notice's templates may loop at most \
                 {MAX_RANGE_STEPS} times"
            )));
        }
        budget.range_steps -= steps;
        Ok(())
    })?;
    Ok((0..steps).map(|i| start + i * step).collect())
}

/// How many values `range` makes, checked as Tera checks it.
fn steps(start: i128, end: i128, step: i128) -> Result<i128, String> {
    if step == 0 {
        return Err("`range` was called with a `step_by` of 0".into());
    }
    if start > end && step > 0 {
        return Err("`range` was called with a `start` greater than its `end`".into());
    }
    let overflow = || "`range` was called with numbers too large".to_string();
    let (span, step) = if step > 0 {
        (end.checked_sub(start).ok_or_else(overflow)?, step)
    } else if start <= end {
        return Ok(0);
    } else {
        (
            start.checked_sub(end).ok_or_else(overflow)?,
            step.checked_neg().ok_or_else(overflow)?,
        )
    };
    Ok(span.checked_add(step - 1).ok_or_else(overflow)? / step)
}

/// Which limit a render went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Output,
    Pieces,
}

impl Exceeded {
    /// What to tell the user, naming the court.
    pub fn message(self, court: &str) -> String {
        let what = match self {
            Exceeded::Output => format!("over {} MiB of Markdown", MAX_OUTPUT >> 20),
            Exceeded::Pieces => format!("over {MAX_PIECES} pieces of output"),
        };
        format!(
            "court `{court}`: this would make {what} for one notice, far more than any notice \
             needs; a loop here (or in a template included from here) runs too often"
        )
    }
}

/// A writer that refuses to take more than one notice may be.
pub struct Capped<W> {
    inner: W,
    written: usize,
    pieces: usize,
    exceeded: Option<Exceeded>,
}

impl<W: Write> Capped<W> {
    pub fn new(inner: W) -> Self {
        Capped {
            inner,
            written: 0,
            pieces: 0,
            exceeded: None,
        }
    }

    /// The limit the output went past, if it did.
    pub fn exceeded(&self) -> Option<Exceeded> {
        self.exceeded
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Capped<W> {
    fn refuse(&mut self, exceeded: Exceeded) -> io::Error {
        self.exceeded = Some(exceeded);
        io::Error::other("the notice is too long")
    }
}

impl<W: Write> Write for Capped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() > MAX_OUTPUT {
            return Err(self.refuse(Exceeded::Output));
        }
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    /// Tera writes each piece with one call, even an empty one (which `write` never sees).
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.pieces += 1;
        if self.pieces > MAX_PIECES {
            return Err(self.refuse(Exceeded::Pieces));
        }
        if self.written + buf.len() > MAX_OUTPUT {
            return Err(self.refuse(Exceeded::Output));
        }
        self.inner.write_all(buf)?;
        self.written += buf.len();
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera() -> Tera {
        let mut tera = Tera::new();
        register(&mut tera);
        tera
    }

    fn render(tera: &Tera, template: &str) -> (TeraResult<()>, Option<Exceeded>) {
        let mut out = Capped::new(Vec::new());
        let result = tera.render_str_to(template, &tera::Context::new(), false, &mut out);
        (result, out.exceeded())
    }

    #[test]
    fn range_counts_like_teras() {
        assert_eq!(steps(0, 5, 1), Ok(5));
        assert_eq!(steps(0, 5, 2), Ok(3));
        assert_eq!(steps(5, 0, -2), Ok(3));
        assert_eq!(steps(0, 5, -1), Ok(0));
        assert!(steps(5, 0, 1).is_err());
        assert!(steps(0, 5, 0).is_err());
        assert!(steps(i128::MIN, i128::MAX, 1).is_err());
        let tera = tera();
        let mut out = Vec::new();
        start("nmd");
        tera.render_str_to(
            "{% for i in range(start=1, end=8, step_by=3) %}{{ i }},{% endfor %}",
            &tera::Context::new(),
            false,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, b"1,4,7,");
    }

    #[test]
    fn loops_inside_loops_stop_even_when_they_write_nothing() {
        let tera = tera();
        start("nmd");
        let (result, exceeded) = render(
            &tera,
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
        let error = format!("{:?}", result.unwrap_err());
        assert!(error.contains("court `nmd`: this `range`"), "{error}");
        assert_eq!(exceeded, None);
    }

    #[test]
    fn the_budget_is_per_notice() {
        let tera = tera();
        for _ in 0..3 {
            start("nmd");
            let (result, _) = render(&tera, "{% for i in range(end=60000) %}{% endfor %}");
            assert!(result.is_ok());
        }
    }

    #[test]
    fn output_stops_at_the_limit() {
        let tera = tera();
        start("nmd");
        let (result, exceeded) = render(
            &tera,
            "{% for i in range(end=100000) %}{{ 'xxxxxxxxxxxxxxxxxxxx' }}{% endfor %}",
        );
        assert!(result.is_err());
        assert_eq!(exceeded, Some(Exceeded::Output));
    }

    #[test]
    fn empty_pieces_are_counted() {
        let mut out = Capped::new(Vec::new());
        for _ in 0..MAX_PIECES {
            out.write_all(b"").unwrap();
        }
        assert!(out.write_all(b"").is_err());
        assert_eq!(out.exceeded(), Some(Exceeded::Pieces));
    }
}
