pub mod mojibake;
pub mod plaintext;
