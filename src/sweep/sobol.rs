//! Sobol' low-discrepancy sequence, computed point by point from its index.
//!
//! Global sensitivity analysis by the Saltelli (2010) scheme needs a
//! quasi-random sequence of dimension 2k whose power-of-two prefixes are
//! balanced nets; Sobol' (1967) sequences with the direction numbers of
//! Joe & Kuo (2008, "Constructing Sobol sequences with better two-dimensional
//! projections", SIAM J. Sci. Comput. 30(5):2635–2654; data file
//! `new-joe-kuo-6.21201`) are the usual choice and what SALib and SciPy use.
//!
//! Points are in Gray-code order (Antonov & Saleev 1979), the order of Joe &
//! Kuo's reference program, so the 2-D sequence starts (0,0), (½,½), (¾,¼),
//! (¼,¾), (⅜,⅜), … Unlike the usual recursive generator, point `i` is
//! computed directly as the XOR of the direction numbers selected by the bits
//! of `gray(i) = i ^ (i >> 1)`, which keeps every design row a pure function of
//! its index. Point 0 is the origin and is **not** skipped here: Owen (2020,
//! "On dropping the first Sobol' point") shows skipping spoils the net
//! property; callers that want to skip say so explicitly.

/// Number of dimensions the embedded direction table supports.
pub const MAX_DIMENSIONS: usize = 64;

/// Exclusive upper bound on the point index: direction numbers have 32 bits,
/// so the sequence repeats its structure after 2^32 points.
pub const MAX_INDEX: u64 = 1 << 32;

const BITS: usize = 32;

/// Joe–Kuo rows for dimensions 2..=64: (degree s, polynomial code a, m_1..m_s).
/// Checked against two independent copies of `new-joe-kuo-6.21201`.
const JOE_KUO: [(u32, u32, [u32; 9]); MAX_DIMENSIONS - 1] = [
    (1, 0, [1, 0, 0, 0, 0, 0, 0, 0, 0]),          // d=2
    (2, 1, [1, 3, 0, 0, 0, 0, 0, 0, 0]),          // d=3
    (3, 1, [1, 3, 1, 0, 0, 0, 0, 0, 0]),          // d=4
    (3, 2, [1, 1, 1, 0, 0, 0, 0, 0, 0]),          // d=5
    (4, 1, [1, 1, 3, 3, 0, 0, 0, 0, 0]),          // d=6
    (4, 4, [1, 3, 5, 13, 0, 0, 0, 0, 0]),         // d=7
    (5, 2, [1, 1, 5, 5, 17, 0, 0, 0, 0]),         // d=8
    (5, 4, [1, 1, 5, 5, 5, 0, 0, 0, 0]),          // d=9
    (5, 7, [1, 1, 7, 11, 19, 0, 0, 0, 0]),        // d=10
    (5, 11, [1, 1, 5, 1, 1, 0, 0, 0, 0]),         // d=11
    (5, 13, [1, 1, 1, 3, 11, 0, 0, 0, 0]),        // d=12
    (5, 14, [1, 3, 5, 5, 31, 0, 0, 0, 0]),        // d=13
    (6, 1, [1, 3, 3, 9, 7, 49, 0, 0, 0]),         // d=14
    (6, 13, [1, 1, 1, 15, 21, 21, 0, 0, 0]),      // d=15
    (6, 16, [1, 3, 1, 13, 27, 49, 0, 0, 0]),      // d=16
    (6, 19, [1, 1, 1, 15, 7, 5, 0, 0, 0]),        // d=17
    (6, 22, [1, 3, 1, 15, 13, 25, 0, 0, 0]),      // d=18
    (6, 25, [1, 1, 5, 5, 19, 61, 0, 0, 0]),       // d=19
    (7, 1, [1, 3, 7, 11, 23, 15, 103, 0, 0]),     // d=20
    (7, 4, [1, 3, 7, 13, 13, 15, 69, 0, 0]),      // d=21
    (7, 7, [1, 1, 3, 13, 7, 35, 63, 0, 0]),       // d=22
    (7, 8, [1, 3, 5, 9, 1, 25, 53, 0, 0]),        // d=23
    (7, 14, [1, 3, 1, 13, 9, 35, 107, 0, 0]),     // d=24
    (7, 19, [1, 3, 1, 5, 27, 61, 31, 0, 0]),      // d=25
    (7, 21, [1, 1, 5, 11, 19, 41, 61, 0, 0]),     // d=26
    (7, 28, [1, 3, 5, 3, 3, 13, 69, 0, 0]),       // d=27
    (7, 31, [1, 1, 7, 13, 1, 19, 1, 0, 0]),       // d=28
    (7, 32, [1, 3, 7, 5, 13, 19, 59, 0, 0]),      // d=29
    (7, 37, [1, 1, 3, 9, 25, 29, 41, 0, 0]),      // d=30
    (7, 41, [1, 3, 5, 13, 23, 1, 55, 0, 0]),      // d=31
    (7, 42, [1, 3, 7, 3, 13, 59, 17, 0, 0]),      // d=32
    (7, 50, [1, 3, 1, 3, 5, 53, 69, 0, 0]),       // d=33
    (7, 55, [1, 1, 5, 5, 23, 33, 13, 0, 0]),      // d=34
    (7, 56, [1, 1, 7, 7, 1, 61, 123, 0, 0]),      // d=35
    (7, 59, [1, 1, 7, 9, 13, 61, 49, 0, 0]),      // d=36
    (7, 62, [1, 3, 3, 5, 3, 55, 33, 0, 0]),       // d=37
    (8, 14, [1, 3, 1, 15, 31, 13, 49, 245, 0]),   // d=38
    (8, 21, [1, 3, 5, 15, 31, 59, 63, 97, 0]),    // d=39
    (8, 22, [1, 3, 1, 11, 11, 11, 77, 249, 0]),   // d=40
    (8, 38, [1, 3, 1, 11, 27, 43, 71, 9, 0]),     // d=41
    (8, 47, [1, 1, 7, 15, 21, 11, 81, 45, 0]),    // d=42
    (8, 49, [1, 3, 7, 3, 25, 31, 65, 79, 0]),     // d=43
    (8, 50, [1, 3, 1, 1, 19, 11, 3, 205, 0]),     // d=44
    (8, 52, [1, 1, 5, 9, 19, 21, 29, 157, 0]),    // d=45
    (8, 56, [1, 3, 7, 11, 1, 33, 89, 185, 0]),    // d=46
    (8, 67, [1, 3, 3, 3, 15, 9, 79, 71, 0]),      // d=47
    (8, 70, [1, 3, 7, 11, 15, 39, 119, 27, 0]),   // d=48
    (8, 84, [1, 1, 3, 1, 11, 31, 97, 225, 0]),    // d=49
    (8, 97, [1, 1, 1, 3, 23, 43, 57, 177, 0]),    // d=50
    (8, 103, [1, 3, 7, 7, 17, 17, 37, 71, 0]),    // d=51
    (8, 115, [1, 3, 1, 5, 27, 63, 123, 213, 0]),  // d=52
    (8, 122, [1, 1, 3, 5, 11, 43, 53, 133, 0]),   // d=53
    (9, 8, [1, 3, 5, 5, 29, 17, 47, 173, 479]),   // d=54
    (9, 13, [1, 3, 3, 11, 3, 1, 109, 9, 69]),     // d=55
    (9, 16, [1, 1, 1, 5, 17, 39, 23, 5, 343]),    // d=56
    (9, 22, [1, 3, 1, 5, 25, 15, 31, 103, 499]),  // d=57
    (9, 25, [1, 1, 1, 11, 11, 17, 63, 105, 183]), // d=58
    (9, 44, [1, 1, 5, 11, 9, 29, 97, 231, 363]),  // d=59
    (9, 47, [1, 1, 5, 15, 19, 45, 41, 7, 383]),   // d=60
    (9, 52, [1, 3, 7, 7, 31, 19, 83, 137, 221]),  // d=61
    (9, 55, [1, 1, 1, 3, 23, 15, 111, 223, 83]),  // d=62
    (9, 59, [1, 1, 5, 13, 31, 15, 55, 25, 161]),  // d=63
    (9, 62, [1, 1, 3, 13, 25, 47, 39, 87, 257]),  // d=64
];

/// Direction numbers, built at compile time so a lookup costs nothing at run time.
const DIRECTIONS: [[u32; BITS]; MAX_DIMENSIONS] = build_directions();

const fn build_directions() -> [[u32; BITS]; MAX_DIMENSIONS] {
    let mut v = [[0u32; BITS]; MAX_DIMENSIONS];
    // Dimension 1 is the van der Corput sequence in base 2.
    let mut j = 0;
    while j < BITS {
        v[0][j] = 1u32 << (31 - j);
        j += 1;
    }
    let mut d = 1;
    while d < MAX_DIMENSIONS {
        let (s, a, m) = JOE_KUO[d - 1];
        let s = s as usize;
        let mut j = 0;
        while j < BITS {
            if j < s {
                v[d][j] = m[j] << (31 - j);
            } else {
                // Bratley & Fox recurrence; the inner coefficients of the
                // primitive polynomial are the bits of `a`, most significant first.
                let mut x = v[d][j - s] ^ (v[d][j - s] >> s);
                let mut l = 1;
                while l < s {
                    if (a >> (s - 1 - l)) & 1 == 1 {
                        x ^= v[d][j - l];
                    }
                    l += 1;
                }
                v[d][j] = x;
            }
            j += 1;
        }
        d += 1;
    }
    v
}

/// Coordinate `dimension` (0-based) of Sobol' point `index`, as a 32-bit
/// binary fraction (the point is `value / 2^32`).
///
/// Returns `None` when `dimension >= MAX_DIMENSIONS` or `index >= MAX_INDEX`.
pub fn sobol_u32(index: u64, dimension: usize) -> Option<u32> {
    let v = DIRECTIONS.get(dimension)?;
    if index >= MAX_INDEX {
        return None;
    }
    let mut gray = index ^ (index >> 1);
    let mut x = 0u32;
    let mut bit = 0;
    while gray != 0 {
        if gray & 1 == 1 {
            x ^= v[bit];
        }
        gray >>= 1;
        bit += 1;
    }
    Some(x)
}

/// Coordinate `dimension` (0-based) of Sobol' point `index`, in [0, 1).
///
/// Exact: a 32-bit fraction is representable in an `f64`.
/// Returns `None` when `dimension >= MAX_DIMENSIONS` or `index >= MAX_INDEX`.
pub fn sobol(index: u64, dimension: usize) -> Option<f64> {
    sobol_u32(index, dimension).map(|x| f64::from(x) / 4_294_967_296.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_two_dimensional_points_match_joe_kuo() {
        let expected = [
            (0.0, 0.0),
            (0.5, 0.5),
            (0.75, 0.25),
            (0.25, 0.75),
            (0.375, 0.375),
            (0.875, 0.875),
            (0.625, 0.125),
            (0.125, 0.625),
        ];
        for (i, &(x, y)) in expected.iter().enumerate() {
            assert_eq!(sobol(i as u64, 0), Some(x), "point {i} dim 0");
            assert_eq!(sobol(i as u64, 1), Some(y), "point {i} dim 1");
        }
    }

    #[test]
    fn table_rows_are_well_formed() {
        for (row, &(s, a, m)) in JOE_KUO.iter().enumerate() {
            assert!(a < (1 << (s - 1)).max(1), "row {row}: a too large");
            for (i, &mi) in m.iter().enumerate() {
                if i < s as usize {
                    assert!(
                        mi % 2 == 1 && mi < (1 << (i + 1)),
                        "row {row}: bad m_{}",
                        i + 1
                    );
                } else {
                    assert_eq!(mi, 0, "row {row}: padding");
                }
            }
        }
    }

    #[test]
    fn every_power_of_two_prefix_is_stratified_in_each_dimension() {
        // A (t,m,s)-net property that fails on any corrupted direction number:
        // the first 2^m points put exactly one point in each 1/2^m interval.
        for d in 0..MAX_DIMENSIONS {
            for m in 0..10u32 {
                let n = 1u64 << m;
                let mut seen = vec![false; n as usize];
                for i in 0..n {
                    let x = sobol_u32(i, d).unwrap_or(0);
                    let cell = (u64::from(x) >> (32 - m)) as usize;
                    assert!(!seen[cell], "dim {d}, m {m}: cell {cell} twice");
                    seen[cell] = true;
                }
            }
        }
    }

    #[test]
    fn deep_point_matches_scipy_reference() {
        // SciPy 1.17 `qmc.Sobol(d=64, scramble=False, bits=32)`, fast-forwarded
        // to point 3_000_001: exercises 22 direction numbers in all 64 dimensions.
        const EXPECTED: [u32; MAX_DIMENSIONS] = [
            0x85A4DC00, 0xABECF400, 0xDA586400, 0x67B62C00, 0xFDD18400, 0x53041C00, 0xA8431C00,
            0x12385C00, 0x9981DC00, 0x91B73C00, 0xB64CBC00, 0xF54C9C00, 0x5FDC9400, 0x8C1C4C00,
            0xB2BFF400, 0x48681400, 0x4680DC00, 0x1B953C00, 0x7B284400, 0x0D3F8C00, 0x104B5C00,
            0x02D8CC00, 0xFCD3DC00, 0xD4674C00, 0x450E7C00, 0xB7892C00, 0xD8FE8C00, 0x346DEC00,
            0xF361E400, 0x35E52400, 0xA9544400, 0xD08F4400, 0x5395F400, 0x3672B400, 0x5FE95400,
            0x15BBD400, 0xA41D3400, 0x00387C00, 0xD257A400, 0xD34B8400, 0xB919C400, 0x24297400,
            0x077A8400, 0xB74EA400, 0x3C425C00, 0xEBE63C00, 0x75F9FC00, 0x5E05C400, 0x839A0400,
            0xF5DCB400, 0xC904AC00, 0xAB5D8400, 0x3B611400, 0x66BD4C00, 0x27D1C400, 0xF3634C00,
            0xCC8B6C00, 0x25BD7400, 0xACDC5400, 0xF9A94400, 0x48F4D400, 0x36C05400, 0x25CFCC00,
            0xA658FC00,
        ];
        for (d, &e) in EXPECTED.iter().enumerate() {
            assert_eq!(sobol_u32(3_000_001, d), Some(e), "dim {d}");
        }
    }

    #[test]
    fn out_of_range_is_none() {
        assert_eq!(sobol(0, MAX_DIMENSIONS), None);
        assert_eq!(sobol(MAX_INDEX, 0), None);
        assert!(sobol(MAX_INDEX - 1, MAX_DIMENSIONS - 1).is_some());
    }
}
