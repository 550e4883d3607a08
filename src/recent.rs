//! What a thread made lately from a run of bytes, kept in two generations: a value found in
//! the older one moves to the newer, and when the newer is full the older is dropped. The
//! letters of a mailing share most of what they are made of (the Markdown of their blocks,
//! the deflated pieces of their pages): what every letter shares stays, while each letter's
//! own is let go.

use std::rc::Rc;

pub struct Recent<V: ?Sized> {
    new: foldhash::HashMap<Box<[u8]>, Rc<V>>,
    old: foldhash::HashMap<Box<[u8]>, Rc<V>>,
    /// The length of the keys in `new`.
    new_bytes: usize,
    /// Keys held in a generation, and the most of their bytes.
    most: usize,
    most_bytes: usize,
    /// A key longer than this is made but not kept.
    longest: usize,
}

impl<V: ?Sized> Recent<V> {
    pub fn new(most: usize, most_bytes: usize, longest: usize) -> Recent<V> {
        Recent {
            new: Default::default(),
            old: Default::default(),
            new_bytes: 0,
            most,
            most_bytes,
            longest,
        }
    }

    /// The value made from `key` lately, or `make`'s, kept for next time.
    pub fn get_or_make<E>(
        &mut self,
        key: &[u8],
        make: impl FnOnce() -> Result<Rc<V>, E>,
    ) -> Result<Rc<V>, E> {
        if let Some(found) = self.new.get(key) {
            return Ok(found.clone());
        }
        let found = match self.old.remove_entry(key) {
            Some((_, found)) => found,
            None => make()?,
        };
        if key.len() > self.longest {
            return Ok(found);
        }
        if self.new.len() >= self.most || self.new_bytes + key.len() > self.most_bytes {
            self.old = std::mem::take(&mut self.new);
            self.new_bytes = 0;
        }
        self.new_bytes += key.len();
        self.new.insert(key.into(), found.clone());
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(key: &[u8]) -> Result<Rc<usize>, ()> {
        Ok(Rc::new(key.len()))
    }

    #[test]
    fn what_every_letter_shares_outlives_each_letters_own() {
        let mut recent = Recent::new(128, 1 << 20, 1 << 16);
        let shared = recent.get_or_make(b"Shared.\n", || make(b"")).unwrap();
        for n in 0..128 * 3 {
            let own = format!("Letter {n}.\n");
            recent.get_or_make(own.as_bytes(), || make(b"")).unwrap();
            recent.get_or_make(b"Shared.\n", || make(b"")).unwrap();
        }
        let again = recent.get_or_make(b"Shared.\n", || make(b"")).unwrap();
        assert!(Rc::ptr_eq(&shared, &again));
        assert!(recent.new.len() <= 128 && recent.old.len() <= 128);
    }

    #[test]
    fn long_keys_are_made_but_what_is_kept_stays_within_its_bounds() {
        let (most_bytes, longest) = (1 << 20, 1 << 16);
        let mut recent = Recent::new(256, most_bytes, longest);
        let long = vec![b'w'; longest + 1];
        assert_eq!(
            *recent.get_or_make(&long, || make(&long)).unwrap(),
            longest + 1
        );
        assert!(recent.new.is_empty(), "a key that long is not kept");
        for n in 0..40u8 {
            let mut key = vec![b'x'; longest - 8];
            key[0] = n;
            recent.get_or_make(&key, || make(&key)).unwrap();
        }
        let kept: usize = recent
            .new
            .keys()
            .chain(recent.old.keys())
            .map(|k| k.len())
            .sum();
        assert!(kept <= 2 * most_bytes, "{kept}");
        let new_bytes: usize = recent.new.keys().map(|k| k.len()).sum();
        assert_eq!(recent.new_bytes, new_bytes);
    }

    #[test]
    fn a_value_that_cannot_be_made_is_not_kept() {
        let mut recent: Recent<usize> = Recent::new(8, 1 << 10, 1 << 10);
        assert_eq!(recent.get_or_make(b"bad", || Err("no")), Err("no"));
        assert!(recent.new.is_empty());
    }
}
