//! The page's components, one per file.

pub mod app;
pub mod diagnostic_list;
pub mod editor;
pub mod section_list;
