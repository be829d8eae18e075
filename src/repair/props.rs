//! The Unicode properties the repairs ask about letters (alphabetic,
//! alphanumeric, upper and lower case, white space), from a table for
//! characters below U+0800: the standard library searches its ranges for
//! every character outside ASCII, which shows in profiles of Cyrillic and
//! accented text. The table is built from the standard functions, so the
//! answers are the same.

use std::sync::OnceLock;

pub const ALPHA: u8 = 1;
pub const ALNUM: u8 = 2;
pub const UPPER: u8 = 4;
pub const LOWER: u8 = 8;
pub const SPACE: u8 = 16;

/// Characters below this have their properties in the table.
const TABLE: usize = 0x800;

fn compute(c: char) -> u8 {
    let bit = |yes: bool, b: u8| if yes { b } else { 0 };
    bit(c.is_alphabetic(), ALPHA)
        | bit(c.is_alphanumeric(), ALNUM)
        | bit(c.is_uppercase(), UPPER)
        | bit(c.is_lowercase(), LOWER)
        | bit(c.is_whitespace(), SPACE)
}

/// The properties of `c`, as a set of the flags above.
#[inline]
pub fn props(c: char) -> u8 {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    let t = T.get_or_init(|| {
        (0..TABLE as u32)
            .map(|u| char::from_u32(u).map_or(0, compute))
            .collect()
    });
    match t.get(c as usize) {
        Some(&p) => p,
        None => compute(c),
    }
}

#[inline]
pub fn is_alpha(c: char) -> bool {
    props(c) & ALPHA != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_std() {
        for u in (0..0x3000u32).chain(0xFF00..0x10100) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(props(c), compute(c), "{c:?}");
            }
        }
    }
}
