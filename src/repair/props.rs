//! The Unicode properties the repairs ask about letters (alphabetic,
//! alphanumeric, upper and lower case, white space), from a table for the
//! Basic Multilingual Plane filled as characters are met: the standard
//! library searches its ranges for every character outside ASCII, which
//! shows in profiles of Cyrillic and accented text, and of the box drawing
//! and signs that code page mix-ups produce. The table is filled from the
//! standard functions, so the answers are the same.

use std::sync::atomic::{AtomicU8, Ordering};

pub const ALPHA: u8 = 1;
pub const ALNUM: u8 = 2;
pub const UPPER: u8 = 4;
pub const LOWER: u8 = 8;
pub const SPACE: u8 = 16;

/// Characters below this have their properties in the table.
const TABLE: usize = 0x10000;

/// Set in a table entry once it is filled (the flags use the low 5 bits).
const KNOWN: u8 = 0x80;

/// Zero until a character is first asked about: filling the whole table up
/// front would cost more than most inputs take to repair. Relaxed atomics
/// compile to plain loads and stores; two threads filling one entry store
/// the same value.
static T: [AtomicU8; TABLE] = [const { AtomicU8::new(0) }; TABLE];

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
    match T.get(c as usize) {
        Some(slot) => match slot.load(Ordering::Relaxed) {
            0 => {
                let p = compute(c);
                slot.store(p | KNOWN, Ordering::Relaxed);
                p
            }
            v => v & !KNOWN,
        },
        None => compute(c),
    }
}

#[inline]
pub fn is_alpha(c: char) -> bool {
    props(c) & ALPHA != 0
}

#[inline]
pub fn is_alnum(c: char) -> bool {
    props(c) & ALNUM != 0
}

#[inline]
pub fn is_upper(c: char) -> bool {
    props(c) & UPPER != 0
}

#[inline]
pub fn is_lower(c: char) -> bool {
    props(c) & LOWER != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_std() {
        for u in (0..0x3000u32).chain(0xFF00..0x10100) {
            if let Some(c) = char::from_u32(u) {
                // Filled on the first call, read back on the second.
                assert_eq!(props(c), compute(c), "{c:?}");
                assert_eq!(props(c), compute(c), "{c:?}");
            }
        }
    }
}
