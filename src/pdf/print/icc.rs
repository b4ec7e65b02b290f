//! A compact sRGB ICC profile (version 2, display class), computed from
//! the published sRGB parameters (IEC 61966-2-1: the D65 primaries adapted
//! to the D50 connection space with the Bradford transform, and the sRGB
//! tone curve) rather than copied from anyone's file. Its bytes are
//! dedicated to the public domain (CC0 1.0): see `LICENSE-sRGB-ICC.txt`
//! beside this file. The output intent of a print PDF carries it.

/// The profile's description, also the output condition it names.
pub const DESCRIPTION: &str = "sRGB IEC61966-2.1";

/// Entries of the tone curve table.
const CURVE_POINTS: usize = 1024;

/// The sRGB primaries and white point in the D50 connection space
/// (Bradford-adapted), as in every sRGB profile.
const RED: [f64; 3] = [0.436_074_7, 0.222_504_5, 0.013_932_2];
const GREEN: [f64; 3] = [0.385_064_9, 0.716_878_6, 0.097_104_5];
const BLUE: [f64; 3] = [0.143_080_4, 0.060_616_9, 0.714_173_3];
const D50: [f64; 3] = [0.964_2, 1.0, 0.824_9];

fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(xyz: [f64; 3]) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in xyz {
        t.extend_from_slice(&s15f16(v));
    }
    t
}

/// The sRGB tone curve (encoded value to linear light).
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn curve_tag() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend_from_slice(&(CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let v = srgb_to_linear(i as f64 / (CURVE_POINTS - 1) as f64);
        t.extend_from_slice(&((v * 65535.0).round() as u16).to_be_bytes());
    }
    t
}

/// A version 2 `textDescriptionType`: ASCII, no Unicode or ScriptCode
/// variants.
fn desc_tag(text: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t.extend_from_slice(&[0; 4]); // Unicode language
    t.extend_from_slice(&[0; 4]); // Unicode count
    t.extend_from_slice(&[0; 2]); // ScriptCode code
    t.push(0); // ScriptCode count
    t.extend_from_slice(&[0; 67]);
    t
}

fn text_tag(text: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t
}

/// The bytes of the profile.
pub fn srgb_profile() -> Vec<u8> {
    let curve = curve_tag();
    // Tags in order; the three tone curves share one table.
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc_tag(DESCRIPTION)),
        (b"cprt", text_tag("CC0 1.0: no rights reserved")),
        (b"wtpt", xyz_tag(D50)),
        (b"rXYZ", xyz_tag(RED)),
        (b"gXYZ", xyz_tag(GREEN)),
        (b"bXYZ", xyz_tag(BLUE)),
        (b"rTRC", curve.clone()),
    ];
    let table_len = 4 + 12 * (tags.len() + 2);
    let mut data = Vec::new();
    let mut entries = Vec::new();
    let mut offset = 128 + table_len;
    for (sig, bytes) in &tags {
        entries.push((**sig, offset, bytes.len()));
        data.extend_from_slice(bytes);
        offset += bytes.len();
        while offset % 4 != 0 {
            data.push(0);
            offset += 1;
        }
    }
    let (_, curve_at, curve_len) = entries[entries.len() - 1];
    entries.push((*b"gTRC", curve_at, curve_len));
    entries.push((*b"bTRC", curve_at, curve_len));

    let total = 128 + table_len + data.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&[0; 4]); // preferred CMM
    out.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    out.extend_from_slice(b"mntr");
    out.extend_from_slice(b"RGB ");
    out.extend_from_slice(b"XYZ ");
    for part in [2026u16, 1, 1, 0, 0, 0] {
        out.extend_from_slice(&part.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 4]); // platform
    out.extend_from_slice(&[0; 4]); // flags
    out.extend_from_slice(&[0; 4]); // manufacturer
    out.extend_from_slice(&[0; 4]); // model
    out.extend_from_slice(&[0; 8]); // attributes
    out.extend_from_slice(&[0; 4]); // perceptual intent
    for v in D50 {
        out.extend_from_slice(&s15f16(v));
    }
    out.extend_from_slice(&[0; 4]); // creator
    out.resize(128, 0);
    out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    for (sig, at, len) in entries {
        out.extend_from_slice(&sig);
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
    out.extend_from_slice(&data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    #[test]
    fn the_profile_is_a_well_formed_v2_rgb_display_profile() {
        let p = srgb_profile();
        assert_eq!(u32_at(&p, 0) as usize, p.len());
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32_at(&p, 128) as usize;
        let mut sigs = Vec::new();
        for i in 0..count {
            let e = 132 + 12 * i;
            let (at, len) = (u32_at(&p, e + 4) as usize, u32_at(&p, e + 8) as usize);
            assert!(at % 4 == 0 && at + len <= p.len());
            sigs.push(String::from_utf8_lossy(&p[e..e + 4]).into_owned());
        }
        for needed in [
            "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC",
        ] {
            assert!(sigs.iter().any(|s| s == needed), "{needed} in {sigs:?}");
        }
        // The curve: 0 to 1, with sRGB's mid grey (0.5 → 0.214).
        let mid = srgb_to_linear(0.5);
        assert!((mid - 0.214).abs() < 0.001);
    }
}
