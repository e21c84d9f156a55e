//! The page's components, one per file.

pub mod app;
pub mod code_editor;
pub mod diagram;
pub mod effective;
pub mod file_tabs;
pub mod lazy_views;
pub mod lessons;
pub mod notice;
pub mod problems;
pub mod reference;
pub mod simulator;
pub mod splitter;
pub mod summary;
pub mod toolbar;
