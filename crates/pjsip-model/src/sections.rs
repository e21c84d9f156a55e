//! A flat list of the sections as written: what the first page of the app shows.

use pjsip_syntax::{Config, FileSpan};
use serde::Serialize;

/// One section header and what it says about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionInfo {
    pub name: String,
    /// The first `type=` value the section has (inherited ones count and come first), if any.
    pub type_name: Option<String>,
    /// Base sections named in the header, in order.
    pub templates: Vec<String>,
    pub is_template: bool,
    pub file: String,
    /// 1-based line of the header.
    pub line: u32,
    pub header_at: FileSpan,
}

pub fn collect(config: &Config) -> Vec<SectionInfo> {
    // One line index per file, built when a file is first needed.
    let mut indexes: Vec<(pjsip_syntax::FileId, pjsip_syntax::LineIndex)> = Vec::new();
    config
        .categories
        .iter()
        .map(|category| {
            let type_name = crate::model::type_variable(config, category).map(|v| config.var_value(v).to_string());
            let file = category.header_at.file;
            let index = match indexes.iter().position(|(f, _)| *f == file) {
                Some(i) => i,
                None => {
                    indexes.push((file, pjsip_syntax::LineIndex::new(config.text(file))));
                    indexes.len() - 1
                }
            };
            let line = indexes[index].1.line_of(category.header_at.span.start as usize) as u32 + 1;
            SectionInfo {
                name: category.name.clone(),
                type_name,
                templates: category.bases.iter().map(|b| config.categories[b.0 as usize].name.clone()).collect(),
                is_template: category.is_template,
                file: config.file_name(category.header_at.file).to_string(),
                line,
                header_at: category.header_at,
            }
        })
        .collect()
}
