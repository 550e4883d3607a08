//! Kerning pairs of one face. Every pair of glyphs set is looked up twice, once when a line is
//! measured and once when it is drawn, so the table is laid out for that: per left glyph, the
//! span of its pairs in one sorted list. Most glyphs start no pair and cost one comparison;
//! the rest a short binary search, with no hashing.

#[derive(Default)]
pub struct Kerning {
    /// Per left glyph id: where its pairs start in `rights`; one entry more than glyphs.
    starts: Vec<u32>,
    /// Right glyph ids, sorted within each left glyph's span.
    rights: Vec<u16>,
    /// The adjustment of each pair in `rights`, in thousandths of an em.
    values: Vec<f32>,
}

impl Kerning {
    /// From pairs as the font lists them: `(left, right, value)`; a pair listed twice keeps
    /// its last value, as a later subtable overrides an earlier one.
    pub fn new(pairs: impl IntoIterator<Item = (u16, u16, f32)>) -> Kerning {
        // A stable sort keeps pairs listed twice in their order, and the dedup gives the one
        // kept the value of the one after it, so the last listed wins. Fonts list their pairs
        // sorted already, which the sort finds in one pass: a map built pair by pair was most
        // of parsing a face.
        let mut kept: Vec<(u16, u16, f32)> = pairs.into_iter().collect();
        kept.sort_by_key(|&(left, right, _)| (left, right));
        kept.dedup_by(|later, kept| {
            let same = (later.0, later.1) == (kept.0, kept.1);
            if same {
                kept.2 = later.2;
            }
            same
        });
        let Some(&(last_left, _, _)) = kept.last() else {
            return Kerning::default();
        };
        let mut starts = vec![0u32; usize::from(last_left) + 2];
        for &(left, _, _) in &kept {
            starts[usize::from(left) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Kerning {
            starts,
            rights: kept.iter().map(|&(_, right, _)| right).collect(),
            values: kept.iter().map(|&(_, _, value)| value).collect(),
        }
    }

    /// How many pairs the table holds.
    #[cfg(test)]
    pub fn pairs(&self) -> usize {
        self.rights.len()
    }

    /// The adjustment between `left` and `right`, 0 when they are no pair.
    #[inline]
    pub fn get(&self, left: u16, right: u16) -> f32 {
        let left = usize::from(left);
        let (Some(&start), Some(&end)) = (self.starts.get(left), self.starts.get(left + 1)) else {
            return 0.0;
        };
        if start == end {
            return 0.0;
        }
        let (start, end) = (start as usize, end as usize);
        match self.rights[start..end].binary_search(&right) {
            Ok(i) => self.values[start + i],
            Err(_) => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_pair_and_nothing_else() {
        let pairs = [
            (36, 57, -74.0),
            (36, 55, -110.0),
            (3, 36, -55.0),
            (57, 36, -74.0),
        ];
        let table = Kerning::new(pairs);
        assert_eq!(table.pairs(), 4);
        for (left, right, value) in pairs {
            assert_eq!(table.get(left, right), value);
        }
        for (left, right) in [
            (36, 36),
            (57, 57),
            (0, 0),
            (2, 36),
            (4, 36),
            (58, 1),
            (u16::MAX, 1),
        ] {
            assert_eq!(table.get(left, right), 0.0, "{left} {right}");
        }
    }

    #[test]
    fn a_pair_listed_twice_keeps_its_last_value() {
        let table = Kerning::new([(1, 2, -10.0), (1, 2, -20.0)]);
        assert_eq!(table.pairs(), 1);
        assert_eq!(table.get(1, 2), -20.0);
    }

    proptest::proptest! {
        #[test]
        fn every_pair_keeps_the_value_listed_last(
            pairs in proptest::collection::vec((0u16..40, 0u16..40, -200i16..200), 0..300)
        ) {
            let pairs: Vec<(u16, u16, f32)> =
                pairs.into_iter().map(|(l, r, v)| (l, r, f32::from(v))).collect();
            let mut last = std::collections::HashMap::new();
            for &(left, right, value) in &pairs {
                last.insert((left, right), value);
            }
            let table = Kerning::new(pairs);
            proptest::prop_assert_eq!(table.pairs(), last.len());
            for left in 0..41 {
                for right in 0..41 {
                    let expected = last.get(&(left, right)).copied().unwrap_or(0.0);
                    proptest::prop_assert_eq!(table.get(left, right), expected);
                }
            }
        }
    }

    #[test]
    fn an_empty_table_kerns_nothing() {
        assert_eq!(Kerning::new([]).get(0, 0), 0.0);
    }
}
