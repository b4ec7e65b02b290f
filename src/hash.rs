//! FNV-1a: a small, fast, stable hash for names and keys that must come out
//! the same on every run and machine (subset tags, the PDF's file ID, image
//! keys, download jitter, the book's identifier). Not for security.
//!
//! The standard library's hasher is randomly seeded per process, so it
//! cannot name anything that ends up in a file.

/// The 64-bit FNV-1a offset basis.
const OFFSET_64: u64 = 0xcbf2_9ce4_8422_2325;
/// The 64-bit FNV prime.
const PRIME_64: u64 = 0x0000_0100_0000_01b3;
/// The 128-bit FNV-1a offset basis.
const OFFSET_128: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
/// The 128-bit FNV prime.
const PRIME_128: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// 64-bit FNV-1a over bytes fed in pieces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv1a {
    /// A hash of nothing yet.
    pub const fn new() -> Self {
        Fnv1a(OFFSET_64)
    }

    /// A hash of nothing yet, started from the offset basis mixed with
    /// `seed`: the same bytes then hash differently for each seed.
    pub const fn with_seed(seed: u64) -> Self {
        Fnv1a(OFFSET_64 ^ seed)
    }

    /// Feeds `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME_64);
        }
        self
    }

    /// The hash of everything fed so far.
    pub const fn finish(&self) -> u64 {
        self.0
    }
}

/// The 128-bit FNV-1a hash of `bytes`: for identifiers that need 128 bits
/// (a UUID).
pub fn fnv1a_128(bytes: &[u8]) -> u128 {
    bytes.iter().fold(OFFSET_128, |hash, &b| {
        (hash ^ u128::from(b)).wrapping_mul(PRIME_128)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 64-bit FNV-1a hash of `bytes`, in one call.
    fn fnv1a_64(bytes: &[u8]) -> u64 {
        Fnv1a::new().write(bytes).finish()
    }

    #[test]
    fn published_test_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a_128(b""), OFFSET_128);
        assert_eq!(fnv1a_128(b"a"), 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    #[test]
    fn pieces_and_seeds() {
        let mut h = Fnv1a::new();
        h.write(b"foo").write(b"bar");
        assert_eq!(h.finish(), fnv1a_64(b"foobar"));
        assert_ne!(Fnv1a::with_seed(1).write(b"x").finish(), fnv1a_64(b"x"));
        assert_eq!(Fnv1a::with_seed(0).write(b"x").finish(), fnv1a_64(b"x"));
    }
}
