//! A run of text as content operators. The letters of a mailing repeat the same lines at the
//! same places thousands of times, so each thread remembers the operators it wrote for a run
//! (and the glyphs they use) by everything that decides them, and writes them again without
//! shaping, kerning or formatting numbers.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hash, Hasher};

use super::content::{Glyphs, push_hex4, resource, text_string};
use super::number::Num;
use crate::typeset::fonts::{FaceId, FontStyle, Fonts};
use crate::typeset::page::TextRun;
use crate::typeset::shape::{Piece, pieces};

/// The font set in the text object before a run: its face and size.
pub type FontState = Option<(FaceId, f32)>;

/// Runs remembered per thread; emptied when full (a mailing's letters share almost every
/// run, so what is lost is one letter's worth of work).
const LIMIT: usize = 1024;

/// Everything the operators of a run depend on: its text borrowed (`&str`) while looking a
/// run up, owned (`Box<str>`) once remembered.
struct Inputs<T> {
    text: T,
    actual: Option<T>,
    style: FontStyle,
    size: f32,
    space_adjust: f32,
    x: f32,
    /// The baseline from the bottom of the page, as the operators give it.
    y: f32,
    font: FontState,
}

impl Inputs<&str> {
    /// foldhash rather than SipHash: it is taken for every run of every page, and a
    /// collision costs only a comparison ([`Inputs::matches`]).
    fn hash(&self) -> u64 {
        let mut hasher = foldhash::fast::FixedState::default().build_hasher();
        self.text.hash(&mut hasher);
        self.actual.hash(&mut hasher);
        self.style.hash(&mut hasher);
        for v in [self.size, self.space_adjust, self.x, self.y] {
            v.to_bits().hash(&mut hasher);
        }
        self.font
            .map(|(face, size)| (face, size.to_bits()))
            .hash(&mut hasher);
        hasher.finish()
    }

    /// The same inputs as `remembered`, numbers bit for bit (as the operators write them).
    fn matches(&self, remembered: &Inputs<Box<str>>) -> bool {
        let same = |a: f32, b: f32| a.to_bits() == b.to_bits();
        self.text == &*remembered.text
            && self.actual == remembered.actual.as_deref()
            && self.style == remembered.style
            && same(self.size, remembered.size)
            && same(self.space_adjust, remembered.space_adjust)
            && same(self.x, remembered.x)
            && same(self.y, remembered.y)
            && match (self.font, remembered.font) {
                (None, None) => true,
                (Some((a, s)), Some((b, t))) => a == b && same(s, t),
                _ => false,
            }
    }

    fn owned(&self) -> Inputs<Box<str>> {
        Inputs {
            text: self.text.into(),
            actual: self.actual.map(Into::into),
            style: self.style,
            size: self.size,
            space_adjust: self.space_adjust,
            x: self.x,
            y: self.y,
            font: self.font,
        }
    }
}

/// A run as drawn once: its inputs, its operators, the font it leaves set, and the glyphs
/// it uses, each once.
struct Drawn {
    inputs: Inputs<Box<str>>,
    ops: Box<str>,
    font_after: FontState,
    glyphs: Box<[(FaceId, u16, char)]>,
}

thread_local! {
    static DRAWN: RefCell<foldhash::HashMap<u64, Vec<Drawn>>> = RefCell::new(Default::default());
}

/// Appends the operators of `run` (on a page `h` points high) to `ops`, from the font state
/// `font`, which it updates; marks the glyphs it uses in `used`.
pub fn draw(
    fonts: &Fonts,
    run: &TextRun,
    h: f32,
    font: &mut FontState,
    used: &mut [Glyphs; FaceId::COUNT],
    ops: &mut String,
    scratch: &mut Vec<Piece>,
) {
    let inputs = Inputs {
        text: run.text.as_str(),
        actual: run.actual.as_deref(),
        style: run.style,
        size: run.size,
        space_adjust: run.space_adjust,
        x: run.x,
        y: h - run.y,
        font: *font,
    };
    let key = inputs.hash();
    let reused = DRAWN.with_borrow(|drawn| {
        let found = drawn
            .get(&key)?
            .iter()
            .find(|d| inputs.matches(&d.inputs))?;
        ops.push_str(&found.ops);
        for &(face, gid, c) in &*found.glyphs {
            used[face.index()].add(gid, c);
        }
        Some(found.font_after)
    });
    if let Some(after) = reused {
        *font = after;
        return;
    }
    let start = ops.len();
    let mut glyphs = Vec::new();
    write(fonts, run, h, font, ops, scratch, &mut glyphs);
    // Each glyph once, with the character it was first drawn for (a stable sort keeps the
    // order of drawing within one glyph), as when every glyph went to the table in turn.
    glyphs.sort_by_key(|&(face, gid, _)| (face, gid));
    glyphs.dedup_by_key(|&mut (face, gid, _)| (face, gid));
    for &(face, gid, c) in &glyphs {
        used[face.index()].add(gid, c);
    }
    let drawn = Drawn {
        inputs: inputs.owned(),
        ops: ops.get(start..).unwrap_or_default().into(),
        font_after: *font,
        glyphs: glyphs.into(),
    };
    DRAWN.with_borrow_mut(|all| {
        if all.len() >= LIMIT {
            all.clear();
        }
        all.entry(key).or_default().push(drawn);
    });
}

/// The operators of `run`, shaped and kerned; the glyphs it uses go to `glyphs`.
fn write(
    fonts: &Fonts,
    run: &TextRun,
    h: f32,
    font: &mut FontState,
    ops: &mut String,
    scratch: &mut Vec<Piece>,
    glyphs: &mut Vec<(FaceId, u16, char)>,
) {
    let chain = fonts.chain(run.style);
    if *font != Some((chain.body, run.size)) {
        let _ = writeln!(ops, "/{} {} Tf", resource(chain.body), Num(run.size));
        *font = Some((chain.body, run.size));
    }
    if let Some(actual) = &run.actual {
        // What the text says, for readers and copying, where the glyphs show it otherwise.
        ops.push_str(&format!(
            "/Span <</ActualText {}>> BDC\n",
            text_string(actual)
        ));
    }
    ops.push_str("1 0 0 1 ");
    Num(run.x).push_to(ops);
    ops.push(' ');
    Num(h - run.y).push_to(ops);
    ops.push_str(" Tm [");
    scratch.clear();
    pieces(chain, &run.text, run.size, run.space_adjust, scratch);
    let mut face = chain.body;
    // Consecutive glyphs share one hex string: a stretch of text between moves.
    let mut in_string = false;
    for piece in scratch.drain(..) {
        if let Piece::Glyph(gid, c) = piece {
            if !in_string {
                ops.push('<');
                in_string = true;
            }
            glyphs.push((face, gid, c));
            push_hex4(ops, gid);
            continue;
        }
        if in_string {
            ops.push('>');
            in_string = false;
        }
        match piece {
            Piece::Move(m) => {
                ops.push(' ');
                Num(m).push_to(ops);
                ops.push(' ');
            }
            // A character of another face: the TJ so far moved the pen past what it
            // drew, so the text goes on from there in the new face.
            Piece::Face(id) => {
                let _ = write!(ops, "] TJ /{} {} Tf [", resource(id), Num(run.size));
                face = id;
                *font = Some((id, run.size));
            }
            Piece::Glyph(..) => {}
        }
    }
    if in_string {
        ops.push('>');
    }
    ops.push_str("] TJ\n");
    if run.actual.is_some() {
        ops.push_str("EMC\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, x: f32) -> TextRun {
        TextRun {
            space_adjust: 0.7,
            ..TextRun::furniture(x, 100.0, 12.0, text.to_string(), 0.0)
        }
    }

    /// `run` drawn from `font`: its operators, the font it leaves set, and the glyphs used.
    fn drawn(
        fonts: &Fonts,
        run: &TextRun,
        mut font: FontState,
    ) -> (String, FontState, Vec<(u16, char)>) {
        let mut used: [Glyphs; FaceId::COUNT] = Default::default();
        let mut ops = String::new();
        draw(
            fonts,
            run,
            792.0,
            &mut font,
            &mut used,
            &mut ops,
            &mut Vec::new(),
        );
        let glyphs = used.iter().flat_map(Glyphs::iter).collect();
        (ops, font, glyphs)
    }

    #[test]
    fn a_run_drawn_again_is_written_as_it_was_the_first_time() {
        let fonts = Fonts::load();
        // Kerned pairs, a justified space and a character of a fallback face.
        let text = run("AVAST, Tower 王 of Yore", 72.0);
        let first = drawn(&fonts, &text, None);
        let mut fresh = String::new();
        write(
            &fonts,
            &text,
            792.0,
            &mut None,
            &mut fresh,
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(first.0, fresh, "the first drawing is the plain one");
        assert_eq!(drawn(&fonts, &text, None), first);
        assert!(
            first.0.contains("Tf") && first.0.contains("TJ"),
            "{}",
            first.0
        );
        assert!(first.2.iter().any(|&(_, c)| c == '王'), "{:?}", first.2);
    }

    #[test]
    fn what_differs_is_drawn_anew() {
        let fonts = Fonts::load();
        let here = drawn(&fonts, &run("Clerk of Court", 72.0), None);
        let there = drawn(&fonts, &run("Clerk of Court", 90.0), None);
        assert_ne!(here.0, there.0, "another place");
        // With the font already set, no `Tf` is written.
        let set = drawn(&fonts, &run("Clerk of Court", 72.0), here.1);
        assert!(!set.0.contains("Tf"), "{}", set.0);
        assert!(here.0.contains("Tf"), "{}", here.0);
        let other = drawn(&fonts, &run("Clerk of the Court", 72.0), None);
        assert_ne!(here.0, other.0, "other words");
    }
}
