//! Deflating streams with one compressor per thread. A new compressor allocates and zeroes
//! about 300 KB of tables; made afresh for each of a mailing's 20,000 content streams, that
//! cost more than compressing them. Resetting one restores exactly the state of a new one,
//! so the bytes do not change. A build's first compressor is made ahead, on the thread that
//! reads the courts ([`make_spare`]).

use std::cell::RefCell;
use std::io;
use std::sync::Mutex;

use flate2::{Compress, Compression, FlushCompress, Status};

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(
        SPARE.lock().ok().and_then(|mut spare| spare.take()).unwrap_or_else(new_compressor),
    );
}

/// A compressor made ahead on another thread ([`make_spare`]), taken by the first thread
/// that deflates.
static SPARE: Mutex<Option<Compress>> = Mutex::new(None);

/// Makes a compressor for the next thread that deflates, unless one is waiting already:
/// zlib-rs zeroes 256 KB of tables for each, a twentieth of a letter's time, which the
/// thread that reads the courts can spend while the templates compile.
pub fn make_spare() {
    if let Ok(mut spare) = SPARE.lock()
        && spare.is_none()
    {
        *spare = Some(new_compressor());
    }
}

/// The fast level: content streams are small and many, and the default level cost a third
/// of a mailing's time for a few percent of size.
fn new_compressor() -> Compress {
    Compress::new(Compression::fast(), true)
}

/// `bytes` as a zlib stream (what `/FlateDecode` reads).
pub fn deflate(bytes: &[u8]) -> io::Result<Vec<u8>> {
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        deflate_with(compressor, bytes)
    })
}

fn deflate_with(compressor: &mut Compress, bytes: &[u8]) -> io::Result<Vec<u8>> {
    compress_all(compressor, bytes, FlushCompress::Finish)
}

/// All of `bytes` through `compressor`, ending with `flush`: `Finish` for a whole stream,
/// `Sync` for a piece that more will follow (see `pieces`).
pub(super) fn compress_all(
    compressor: &mut Compress,
    bytes: &[u8],
    flush: FlushCompress,
) -> io::Result<Vec<u8>> {
    // Room for a half: a page's operators deflate to about 36 %, and room for a third (as
    // this was) had every page's stream grow once more.
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    let start = compressor.total_in();
    loop {
        let consumed = usize::try_from(compressor.total_in() - start).map_err(io::Error::other)?;
        let rest = bytes
            .get(consumed..)
            .ok_or_else(|| io::Error::other("the compressor read past its input"))?;
        let written = out.len();
        let status = compressor
            .compress_vec(rest, &mut out, flush)
            .map_err(io::Error::other)?;
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            // A flush is complete once all is read and it found room to finish.
            _ => compressor.total_in() - start == bytes.len() as u64 && out.len() < out.capacity(),
        };
        if done {
            return Ok(out);
        }
        if out.len() == out.capacity() {
            // Out of room for the output: more, and on.
            out.reserve(out.capacity().max(256));
        } else if out.len() == written && compressor.total_in() - start == consumed as u64 {
            return Err(io::Error::other("the compressor made no progress"));
        }
    }
}

/// A zlib stream inflated, for the tests of what is deflated here and in `pieces`.
#[cfg(test)]
pub(super) fn inflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_round_trip_whatever_came_before() {
        let long: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for input in [
            &b""[..],
            b"BT /F1 12 Tf (Hello) Tj ET",
            &long,
            b"q 1 0 0 1 0 0 cm Q",
        ] {
            assert_eq!(inflate(&deflate(input).unwrap()), input);
        }
    }

    #[test]
    fn a_compressor_made_ahead_on_another_thread_writes_the_bytes_of_a_new_one() {
        let text = b"BT /F1 12 Tf (Hello) Tj ET 0 0 1 rg 72 720 m 540 720 l S".repeat(60);
        std::thread::spawn(make_spare).join().unwrap();
        let expected = deflate_with(&mut new_compressor(), &text).unwrap();
        let written = std::thread::spawn(move || deflate(&text).unwrap())
            .join()
            .unwrap();
        assert_eq!(written, expected);
    }

    #[test]
    fn a_reused_compressor_writes_the_bytes_of_a_new_one() {
        let first: Vec<u8> = (0..70_000u32).map(|i| (i % 97) as u8).collect();
        let second = b"0 0 1 rg 72 720 m 540 720 l S BT /F2 9.5 Tf (Page 1 of 2) Tj ET".repeat(40);
        deflate(&first).unwrap();
        let reused = deflate(&second).unwrap();
        let fresh = deflate_with(&mut new_compressor(), &second).unwrap();
        assert_eq!(reused, fresh);
    }
}
