//! The report and the pictures in it: deterministic SVG charts ([`charts`]), shared
//! with the workshop page.

pub mod charts;
