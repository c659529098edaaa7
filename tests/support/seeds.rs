//! The four seed pages as OCR delivered them, built into the benchmarks.

pub const SEEDS: [&str; 4] = [
    include_str!("../../fixtures/seeds/000_edb8a266c5e7c026.txt"),
    include_str!("../../fixtures/seeds/001_b10a7e20f2104ea4.txt"),
    include_str!("../../fixtures/seeds/002_717968dfa11fc193.txt"),
    include_str!("../../fixtures/seeds/004_da18946eeed31b49.txt"),
];
