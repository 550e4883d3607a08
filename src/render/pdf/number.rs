//! Numbers as PDF content writes them: at most three decimals, no exponent, no trailing
//! zeros, `0` for anything that rounds to zero or is not finite. A page holds hundreds of
//! them, so they are written from integers on the stack instead of through float
//! formatting and a string per number; the digits are those `format!("{v:.3}")` gives,
//! trimmed.

use std::fmt;

/// `v` for a PDF content stream: `write!(out, "{} w", Num(0.5))`.
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f32);

/// Beyond this many thousandths an `i64` could overflow; no coordinate comes near it, but
/// such a value still prints as float formatting would.
const LARGEST_MILLIS: f64 = 1e15;

impl Num {
    /// Appends the number to `out`: the same characters as `Display`, without going through
    /// the formatting machinery (a page's content writes hundreds).
    pub fn push_to(self, out: &mut String) {
        let mut buf = [0u8; 20];
        match self.digits(&mut buf) {
            Some(at) => out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or("0")),
            None => out.push_str(&slow(self.0)),
        }
    }

    /// Writes the number at the end of `buf` and returns where it starts; `None` for a value
    /// too large for the integer path.
    fn digits(self, buf: &mut [u8; 20]) -> Option<usize> {
        let v = self.0;
        let mut at = buf.len();
        if !v.is_finite() {
            at -= 1;
            buf[at] = b'0';
            return Some(at);
        }
        // Exact: an f32 has 24 bits of mantissa and 1000 needs 10, well inside an f64's 53.
        // Ties go to even, as Rust's `{:.3}` rounds the exact binary value.
        let millis = (f64::from(v) * 1000.0).round_ties_even();
        if millis.abs() >= LARGEST_MILLIS {
            return None;
        }
        let millis = millis as i64;
        // Sign, up to 13 digits before the point, the point and three after.
        let magnitude = millis.unsigned_abs();
        let mut fraction = magnitude % 1000;
        let mut whole = magnitude / 1000;
        if fraction != 0 {
            let mut places = 3;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                places -= 1;
            }
            for _ in 0..places {
                at -= 1;
                buf[at] = b'0' + (fraction % 10) as u8;
                fraction /= 10;
            }
            at -= 1;
            buf[at] = b'.';
        }
        loop {
            at -= 1;
            buf[at] = b'0' + (whole % 10) as u8;
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if millis < 0 {
            at -= 1;
            buf[at] = b'-';
        }
        Some(at)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 20];
        match self.digits(&mut buf) {
            // Only ASCII digits, a point and a sign were written.
            Some(at) => f.write_str(std::str::from_utf8(&buf[at..]).unwrap_or("0")),
            None => f.write_str(&slow(self.0)),
        }
    }
}

/// Float formatting, trimmed: the definition the fast path reproduces.
fn slow(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_float_formatting_writes() {
        for (v, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (612.0, "612"),
            (0.5, "0.5"),
            (-12.25, "-12.25"),
            (0.0625, "0.062"),
            (0.1875, "0.188"),
            (0.0004, "0"),
            (-0.0004, "0"),
            (0.0005, "0.001"),
            (791.999_94, "792"),
            (f32::NAN, "0"),
            (f32::INFINITY, "0"),
        ] {
            assert_eq!(Num(v).to_string(), text, "{v:?}");
        }
    }

    #[test]
    fn agrees_with_float_formatting_across_the_range() {
        // Every 9973rd bit pattern: signs, tiny and huge magnitudes, ties and near-ties.
        let mut checked = 0;
        for bits in (0..=u32::MAX).step_by(9973) {
            let v = f32::from_bits(bits);
            assert_eq!(Num(v).to_string(), slow(v), "{v:?} ({bits:#x})");
            let mut pushed = String::from("x");
            Num(v).push_to(&mut pushed);
            assert_eq!(pushed[1..], slow(v), "{v:?} ({bits:#x}) pushed");
            checked += 1;
        }
        // Coordinates as layout makes them: thousandths and sixteenths of a point.
        for n in -200_000..200_000 {
            for v in [n as f32 / 1000.0, n as f32 / 16.0, n as f32 * 0.1] {
                assert_eq!(Num(v).to_string(), slow(v), "{v:?}");
            }
        }
        assert!(checked > 400_000);
    }
}
