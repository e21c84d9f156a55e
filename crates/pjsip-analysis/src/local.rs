//! Re-checking one section after an edit inside it, without analysing the whole configuration.
//!
//! A keystroke in a 10,000-phone `pjsip.conf` changes one line of one section, but a full
//! analysis loads and checks all 30,000 sections again. [`recheck`] answers the same question
//! — *the diagnostics of the full analysis of the new text* — from the previous analysis and a
//! small **neighbourhood** of the edited section:
//!
//! * the *touched* sections `T`: every section with the edited section's name (duplicates,
//!   and the endpoint/aor/auth trio of one phone) and every section whose values name it;
//! * what their diagnostics can read: the sections their values name, every section of a type
//!   other than endpoint, aor and auth (transports, `global`, `system`, identifies, …), and the
//!   templates of all of these.
//!
//! The neighbourhood is cut out of the configuration twice — with the old and the new text of the
//! edited section — as one file of blocks in load order, and each cut is analysed in full with
//! the ordinary pipeline. The new diagnostics are the previous ones outside `T` (moved by the
//! edit's length) plus the new cut's diagnostics inside `T`. That is exact when three things
//! hold, and each is checked, not assumed:
//!
//! 1. the edit is *local*: it changes one file of `pjsip.conf`'s load (the root or an included
//!    file) inside the body of one endpoint, aor or auth that is no template and has no `(+)`,
//!    and writes no `type`, header, directive or block comment; the configuration has no wizard
//!    sections, no whole-type failure and hit no work limit; every section of the cut holds
//!    exactly the lines of its block (none after an `#include` in it, none from a `(+)`);
//! 2. the old cut *reproduces* the previous analysis inside `T` (same diagnostics, same
//!    sections loaded) — so nothing outside the neighbourhood decided them;
//! 3. the edit *stays inside `T`* in the cut: the diagnostics outside `T`, and which sections
//!    outside `T` load, are the same in the old and the new cut; a broken reference in `T` finds
//!    its did-you-mean candidate in the cut (it is looked up across the file and added); the
//!    count of broken references stays under the budget that decides which of them get one; and
//!    no message that names a line number is merely moved past an edit that adds or removes
//!    lines, or taken from the cut (whose lines are numbered its own way).
//!
//! When any of it fails, [`recheck`] says why and the caller analyses in full. The property
//! tests (`tests/local.rs`) replay random edits and require the full analysis' diagnostics.

use pjsip_syntax::fast_hash::{FastHasher, FastMap};
use pjsip_syntax::{Category, Config, Diagnostic, FileId, FileSpan, Span};
use std::hash::Hasher;

use crate::{Analysis, Input, InputFile, ObjectType};

/// Past this many touched sections, or this many sections of other types, a full analysis is
/// about as cheap as cutting the neighbourhood out.
const MAX_TOUCHED: usize = 64;
const MAX_OTHERS: usize = 512;
/// The cut as a whole (T, what it names, the other types, templates), and the broken
/// references in T whose did-you-mean is looked up across the whole file (each a pass over
/// every section): past these, a full analysis, which is linear, is the better answer.
const MAX_CUT: usize = 2_048;
const MAX_BROKEN: usize = 32;

/// What [`recheck`] needs of a previous analysis, built once per analysis (on first use).
#[derive(Debug, Default)]
pub(crate) struct Neighbours {
    /// (hash of the name, category), sorted (callers compare the name).
    by_name: Vec<(u64, u32)>,
    /// (hash of a section name, category whose own lines hold it as a list item or word),
    /// sorted; see [`Neighbours::naming`] for what a category inherits.
    naming: Vec<(u64, u32)>,
    /// Whether each category is a base of another one.
    is_base: Vec<bool>,
    /// The categories naming each base in their header.
    children: FastMap<u32, Vec<u32>>,
    /// The object type each category loads as (or was refused as), if any.
    types: Vec<Option<ObjectType>>,
    /// Whether each category's object loaded.
    loaded: Vec<bool>,
    /// Categories whose type is neither endpoint, aor nor auth.
    others: Vec<u32>,
}

fn hash(name: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(name.as_bytes());
    h.finish()
}

/// Every word a value could name an object with: the comma-separated items, trimmed, and the
/// pieces between commas, semicolons and spaces (a superset: an extra word only widens the
/// neighbourhood).
fn words<'a>(value: &'a str, mut each: impl FnMut(&'a str)) {
    for item in value.split(',') {
        let item = item.trim();
        if !item.is_empty() {
            each(item);
        }
        if item.contains([';', ' ', '\t']) {
            for word in item.split([';', ' ', '\t']).filter(|w| !w.is_empty()) {
                each(word);
            }
        }
    }
}

fn is_local(object_type: ObjectType) -> bool {
    matches!(object_type, ObjectType::Endpoint | ObjectType::Aor | ObjectType::Auth)
}

impl Neighbours {
    pub(crate) fn build(analysis: &Analysis) -> Neighbours {
        let config = &analysis.config;
        let count = config.categories.len();
        let mut n =
            Neighbours { is_base: vec![false; count], types: vec![None; count], loaded: vec![false; count], ..Neighbours::default() };
        let mut by_header: FastMap<FileSpan, u32> = FastMap::with_capacity_and_hasher(count, Default::default());
        n.by_name.reserve(count);
        for (i, category) in config.categories.iter().enumerate() {
            by_header.insert(category.header_at, i as u32);
            n.by_name.push((hash(&category.name), i as u32));
            for base in &category.bases {
                n.is_base[base.0 as usize] = true;
                n.children.entry(base.0).or_default().push(i as u32);
            }
        }
        n.by_name.sort_unstable();
        let names: pjsip_syntax::fast_hash::FastSet<u64> = n.by_name.iter().map(|&(h, _)| h).collect();
        // Own lines only: what a category inherits, its bases wrote (see `naming`). Only words that are section names are ever looked up: the others are not kept.
        let mut naming: Vec<(u64, u32)> = Vec::new();
        for (i, category) in config.categories.iter().enumerate() {
            let first = naming.len();
            for variable in category.variables.iter().filter(|v| v.origin == pjsip_syntax::Origin::Own) {
                words(config.var_value(variable), |w| {
                    let h = hash(w);
                    if names.contains(&h) && !naming[first..].iter().any(|&(seen, _)| seen == h) {
                        naming.push((h, i as u32));
                    }
                });
            }
        }
        naming.sort_unstable();
        n.naming = naming;
        let headers = analysis.model.objects.iter().map(|o| (o.header_at, o.object_type, true));
        let refused = analysis.model.rejected.iter().map(|r| (r.header_at, r.object_type, false));
        for (header, object_type, loaded) in headers.chain(refused) {
            if let Some(&i) = by_header.get(&header) {
                n.types[i as usize].get_or_insert(object_type);
                n.loaded[i as usize] |= loaded;
            }
        }
        n.others = (0..count as u32).filter(|&i| n.types[i as usize].is_none_or(|t| !is_local(t))).collect();
        n
    }

    /// The categories whose values hold `name` as a word: those whose own lines do, and
    /// everything built from those (inherited lines are copies of their bases' lines).
    fn naming(&self, name: &str) -> Vec<u32> {
        let h = hash(name);
        let from = self.naming.partition_point(|&(k, _)| k < h);
        let mut found: Vec<u32> = self.naming[from..].iter().take_while(|&&(k, _)| k == h).map(|&(_, c)| c).collect();
        let mut next = 0;
        // Past MAX_TOUCHED the caller gives up: no need to list (quadratically) every section
        // built from a much-used template.
        while next < found.len() && found.len() <= MAX_TOUCHED {
            if let Some(children) = self.children.get(&found[next]) {
                for &child in children {
                    if !found.contains(&child) {
                        found.push(child);
                    }
                }
            }
            next += 1;
        }
        found
    }

    fn named<'a>(&'a self, config: &'a Config, name: &'a str) -> impl Iterator<Item = u32> + 'a {
        let h = hash(name);
        let from = self.by_name.partition_point(|&(k, _)| k < h);
        self.by_name[from..]
            .iter()
            .take_while(move |&&(k, _)| k == h)
            .map(|&(_, c)| c)
            .filter(move |&i| config.categories[i as usize].name == name)
    }
}

/// What a re-check gives.
#[derive(Debug)]
pub struct Rechecked {
    pub diagnostics: Vec<Diagnostic>,
    /// The file the edit changed and its text now (`None` when the texts are back to the
    /// analysed ones): the diagnostics' spans in that file are in this text, not in the previous
    /// analysis'.
    pub edited: Option<(FileId, String)>,
}

/// The diagnostics `Analysis::new(input)` would give, worked out from `previous` (an analysis
/// of the same configuration before one edit of one of its files) by re-analysing only the
/// edited section's neighbourhood; or, when that would not be exact (see the module's text),
/// why not.
pub fn recheck(previous: &Analysis, input: &Input) -> Result<Rechecked, &'static str> {
    let config = &previous.config;
    let root = config.root;
    if config.is_rejected() {
        return Err("Asterisk refuses the whole file");
    }
    if previous.wizard.as_ref().is_some_and(|w| !w.categories.is_empty()) {
        return Err("a wizard file");
    }
    if previous.diagnostics.iter().any(|d| d.code == pjsip_syntax::codes::CONFIG_LIMIT) {
        return Err("a work limit");
    }
    let whole_type = |r: &crate::Rejected| {
        matches!(
            r.reason,
            crate::Reason::DuplicateId { .. } | crate::Reason::TooManySingletons { .. } | crate::Reason::TypeNotLoaded { .. }
        )
    };
    if previous.model.rejected.iter().any(whole_type) {
        return Err("a whole-type failure");
    }
    // The texts now of every file the previous load read (from the input, or through its reader
    // for included files): exactly one of them may have changed.
    let mut reader = input.reader.take_reader();
    let mut changed: Option<(FileId, std::borrow::Cow<'_, str>)> = None;
    for index in 0..previous.files.count() {
        let id = FileId(index as u32);
        let name = previous.files.name(id);
        let now = match input.files.iter().find(|f| f.name == name) {
            Some(file) => std::borrow::Cow::Borrowed(file.text.as_str()),
            None => std::borrow::Cow::Owned(reader.as_mut().and_then(|read| read(name)).ok_or("a file can no longer be read")?),
        };
        if now != previous.files.text(id) && changed.replace((id, now)).is_some() {
            return Err("more than one file changed");
        }
    }
    if input.files.iter().any(|f| previous.file_id(&f.name).is_none()) {
        return Err("a file is new");
    }
    let Some((file, new_text)) = changed else {
        // Back to the analysed texts (an edit undone).
        return Ok(Rechecked { diagnostics: previous.diagnostics.clone(), edited: None });
    };
    if config.parse_of(file).is_none() {
        return Err("the edited file is not part of pjsip.conf's load");
    }
    let (old, new) = (previous.files.text(file), new_text.as_ref());
    let edit = Edit::between(file, old, new).ok_or("the edit is not inside lines of a section body")?;
    // Some messages name a line number: after an edit that adds or removes lines, those that
    // follow it are not merely moved.
    let lines_moved = old[edit.start..edit.old_end].matches('\n').count() != new[edit.start..edit.new_end].matches('\n').count();
    let names_a_line = |d: &Diagnostic| pjsip_syntax::codes::NAMES_A_LINE.contains(&d.code);
    if lines_moved
        && previous.diagnostics.iter().any(|d| d.primary.file == file && d.primary.span.start as usize >= edit.start && names_a_line(d))
    {
        return Err("a diagnostic after the edit names a line number");
    }

    // The edited section: the one category whose body holds every changed line.
    let neighbours = previous.neighbours();
    let edited = edited_category(config, file, old, &edit).ok_or("no single section body holds the edit")?;
    let k = &config.categories[edited];
    if k.is_template || !k.additions.is_empty() || neighbours.is_base[edited] || !neighbours.types[edited].is_some_and(is_local) {
        return Err("the edited section is a template, a base, has (+) or is not an endpoint, aor or auth");
    }

    // T: the sections with the edited one's name and those naming it.
    let mut touched: Vec<u32> = neighbours.named(config, &k.name).collect();
    touched.extend(neighbours.naming(&k.name));
    touched.sort_unstable();
    touched.dedup();
    if touched.len() > MAX_TOUCHED || neighbours.others.len() > MAX_OTHERS {
        return Err("too many touched sections or sections of other types");
    }
    for &t in &touched {
        let c = &config.categories[t as usize];
        if c.is_template || !c.additions.is_empty() || neighbours.is_base[t as usize] || !neighbours.types[t as usize].is_some_and(is_local)
        {
            return Err("a touched section is a template, a base, has (+) or is of another type");
        }
    }

    // The cut: T, what T's values name (before and after the edit), the other types, and the
    // templates of all of them.
    let mut cut: Vec<u32> = touched.clone();
    cut.extend_from_slice(&neighbours.others);
    let mut names: Vec<&str> = Vec::new();
    for &t in &touched {
        for variable in &config.categories[t as usize].variables {
            words(config.var_value(variable), |w| names.push(w));
        }
    }
    for line in new[edit.lines_start..edit.new_lines_end].lines() {
        if let Some((_, value)) = line.split_once('=') {
            words(value.trim_start_matches('>'), |w| names.push(w));
        }
    }
    names.sort_unstable();
    names.dedup();
    for name in names {
        cut.extend(neighbours.named(config, name));
    }
    let with_bases = |cut: &mut Vec<u32>| {
        let mut stack = cut.clone();
        while let Some(c) = stack.pop() {
            for base in &config.categories[c as usize].bases {
                cut.push(base.0);
                stack.push(base.0);
            }
        }
        // In load order (files are loaded where their `#include` is).
        cut.sort_unstable();
        cut.dedup();
    };
    with_bases(&mut cut);
    if cut.len() > MAX_CUT {
        return Err("the neighbourhood is too large");
    }

    let root_name = previous.files.name(root);
    let analyse = |cut: &[u32]| -> Result<(Cut, Analysis, Cut, Analysis), &'static str> {
        let old_cut = Cut::new(config, cut, &touched, old, &edit, Side::Old)?;
        let new_cut = Cut::new(config, cut, &touched, new, &edit, Side::New)?;
        let analyse = |text: &str| {
            let files = input
                .files
                .iter()
                .map(|f| InputFile { name: f.name.clone(), text: if f.name == root_name { text.to_string() } else { f.text.clone() } })
                .collect();
            let mut sub = Input::new(files, input.version);
            sub.environment = input.environment.clone();
            Analysis::new(&sub)
        };
        let (old_sub, new_sub) = (analyse(&old_cut.text), analyse(&new_cut.text));
        Ok((old_cut, old_sub, new_cut, new_sub))
    };
    let (mut old_cut, mut old_sub, mut new_cut, mut new_sub) = analyse(&cut)?;
    // A broken reference in T gets the closest loaded name of its type in the whole file as its
    // did-you-mean: that section must be in the cut too. (Among the loaded sections outside T,
    // which the edit leaves as they were; those of T are in the cut already.)
    let mut suggested = Vec::new();
    for (sub, sub_cut) in [(&old_sub, &old_cut), (&new_sub, &new_cut)] {
        let broken: Vec<_> = checks::broken_references(sub).into_iter().filter(|b| sub_cut.in_touched(b.from)).collect();
        if broken.len() > MAX_BROKEN {
            return Err("too many broken references in the touched sections");
        }
        for broken in broken {
            let candidates = || {
                (0..config.categories.len()).filter(|&c| {
                    neighbours.types[c] == Some(broken.target) && neighbours.loaded[c] && touched.binary_search(&(c as u32)).is_err()
                })
            };
            let names = candidates().map(|c| config.categories[c].name.as_str());
            if let Some(best) = pjsip_model::spelling::closest(&broken.name, names) {
                suggested.extend(candidates().filter(|&c| config.categories[c].name == best).map(|c| c as u32).take(1));
            }
        }
    }
    suggested.retain(|c| cut.binary_search(c).is_err());
    if !suggested.is_empty() {
        cut.extend(suggested);
        with_bases(&mut cut);
        if cut.len() > MAX_CUT {
            return Err("the neighbourhood is too large");
        }
        (old_cut, old_sub, new_cut, new_sub) = analyse(&cut)?;
    }

    // Which sections load must not depend on the edit, nor differ from the full analysis.
    // A section may stop or start loading (an option name half typed is unknown, and Asterisk
    // drops the object): only sections of T may, and then no broken reference elsewhere may
    // look for a did-you-mean among the objects of its type.
    let (old_loaded, new_loaded) = (loaded_headers(&old_sub), loaded_headers(&new_sub));
    let mut flipped = false;
    for &c in &cut {
        let header = config.categories[c as usize].header_at;
        let before = neighbours.loaded[c as usize];
        let (in_old, in_new) = (
            old_cut.to_sub(header).ok_or("a header outside the cut")?,
            new_cut.to_sub(edit.moved(header).ok_or("a header inside the edit")?).ok_or("a header outside the cut")?,
        );
        if old_loaded.contains(&in_old) != before {
            return Err("the cut loads other sections than the full analysis");
        }
        if new_loaded.contains(&in_new) != before {
            if touched.binary_search(&c).is_err() {
                return Err("a section outside T starts or stops loading");
            }
            flipped = true;
        }
    }

    // Outside T, the edit must change nothing in the cut.
    let outside = |analysis: &Analysis, cut: &Cut| -> Option<Vec<Diagnostic>> {
        analysis.diagnostics.iter().filter(|d| !cut.in_touched(d.primary)).map(|d| cut.in_text(d)).collect()
    };
    let old_outside: Vec<Diagnostic> = outside(&old_sub, &old_cut)
        .ok_or("a diagnostic outside the cut")?
        .iter()
        .map(|d| edit.move_diagnostic(d))
        .collect::<Option<_>>()
        .ok_or("a diagnostic outside the cut points into the edit")?;
    if old_outside != outside(&new_sub, &new_cut).ok_or("a diagnostic outside the new cut")? {
        return Err("the edit changes diagnostics outside the touched sections");
    }

    // Inside T, the old cut must say what the full analysis said.
    let inside = |analysis: &Analysis, cut: &Cut| -> Option<Vec<Diagnostic>> {
        analysis.diagnostics.iter().filter(|d| cut.in_touched(d.primary)).map(|d| cut.in_text(d)).collect()
    };
    let touched_blocks: Vec<FileSpan> = touched.iter().map(|&t| config.categories[t as usize].block_at).collect();
    let in_old_touched =
        |at: FileSpan| touched_blocks.iter().any(|b| b.file == at.file && b.span.start <= at.span.start && at.span.start < b.span.end);
    let previous_inside: Vec<&Diagnostic> = previous.diagnostics.iter().filter(|d| in_old_touched(d.primary)).collect();
    if flipped && previous.diagnostics.iter().any(|d| d.code == pjsip_model::codes::REF_MISSING && !in_old_touched(d.primary)) {
        return Err("a section starts or stops loading while a reference elsewhere looks for a did-you-mean");
    }
    let old_inside = inside(&old_sub, &old_cut).ok_or("a diagnostic inside the cut")?;
    if old_inside.len() != previous_inside.len() || old_inside.iter().zip(&previous_inside).any(|(a, b)| a != *b) {
        return Err("the cut does not reproduce the previous diagnostics");
    }
    let new_inside = inside(&new_sub, &new_cut).ok_or("a diagnostic inside the new cut")?;
    // The cut numbers its lines its own way.
    if new_inside.iter().chain(&old_inside).any(names_a_line) {
        return Err("a diagnostic of the touched sections names a line number");
    }

    // Only the first references that are broken get a did-you-mean: the count must stay under.
    let before = previous.diagnostics.iter().filter(|d| is_reference(d)).count();
    let after = before - previous_inside.iter().filter(|d| is_reference(d)).count() + new_inside.iter().filter(|d| is_reference(d)).count();
    if before.max(after) >= checks::REFERENCE_SUGGESTIONS {
        return Err("the broken-reference budget");
    }

    let mut diagnostics: Vec<Diagnostic> = Vec::with_capacity(previous.diagnostics.len() + new_inside.len());
    for d in previous.diagnostics.iter().filter(|d| !in_old_touched(d.primary)) {
        diagnostics.push(edit.move_diagnostic(d).ok_or("a diagnostic points into the edit")?);
    }
    diagnostics.extend(new_inside);
    checks::sort_diagnostics(&mut diagnostics);
    Ok(Rechecked { diagnostics, edited: Some((file, new_text.into_owned())) })
}

use crate::checks;

fn is_reference(d: &Diagnostic) -> bool {
    d.code.as_str().starts_with("ref/")
}

fn loaded_headers(analysis: &Analysis) -> pjsip_syntax::fast_hash::FastSet<FileSpan> {
    analysis.model.objects.iter().map(|o| o.header_at).collect()
}

/// The byte range one edit replaced, and the whole lines around it.
#[derive(Debug)]
struct Edit {
    /// The edited file.
    file: FileId,
    /// The first byte that differs.
    start: usize,
    /// The end of the replaced bytes in the old text and of their replacement in the new one.
    old_end: usize,
    new_end: usize,
    /// The start of the first changed line, and the ends of the last one (before its line
    /// break) in each text.
    lines_start: usize,
    old_lines_end: usize,
    new_lines_end: usize,
}

impl Edit {
    fn between(file: FileId, old: &str, new: &str) -> Option<Edit> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(a, b);
        let limit = a.len().min(b.len()) - start;
        let suffix = common_suffix(&a[a.len() - limit..], &b[b.len() - limit..]);
        let (old_end, new_end) = (a.len() - suffix, b.len() - suffix);
        if old_end == start && new_end == start {
            return None;
        }
        let lines_start = a[..start].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let rest = a[old_end..].iter().position(|&c| c == b'\n').unwrap_or(a.len() - old_end);
        let edit = Edit { file, start, old_end, new_end, lines_start, old_lines_end: old_end + rest, new_lines_end: new_end + rest };
        // Every changed line, before and after, must be an ordinary line of a section's body.
        let ordinary = |text: &str| {
            text.lines().all(|line| {
                let t = line.trim_start();
                let key = t.split('=').next().unwrap_or("").trim();
                !t.starts_with(['[', '#']) && !t.contains(";--") && !t.contains("--;") && !key.eq_ignore_ascii_case("type")
            })
        };
        (ordinary(&old[lines_start..edit.old_lines_end]) && ordinary(&new[lines_start..edit.new_lines_end])).then_some(edit)
    }

    fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// An old offset in the new text: before the edit unchanged, after it moved; inside it
    /// there is no answer.
    fn offset(&self, at: usize, is_end: bool) -> Option<usize> {
        if at < self.start || (is_end && at == self.start) {
            Some(at)
        } else if at >= self.old_end {
            Some((at as isize + self.delta()) as usize)
        } else {
            None
        }
    }

    fn moved(&self, at: FileSpan) -> Option<FileSpan> {
        // Only the edited file has moved (`recheck` made sure the others are unchanged).
        if at.file != self.file {
            return Some(at);
        }
        let start = self.offset(at.span.start as usize, at.span.start == at.span.end)?;
        let end = self.offset(at.span.end as usize, true)?;
        Some(FileSpan::new(at.file, Span::new(start, end)))
    }

    fn move_diagnostic(&self, d: &Diagnostic) -> Option<Diagnostic> {
        map_diagnostic(d, |at| self.moved(at))
    }
}

/// The length of the common prefix, compared a block at a time (slice equality is a `memcmp`:
/// the byte loop was most of a re-check's time on a 2 MB file).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let at: usize = a.chunks(BLOCK).zip(b.chunks(BLOCK)).take_while(|(x, y)| x == y).map(|(x, _)| x.len()).sum();
    at + a[at..].iter().zip(&b[at..]).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let at: usize = a.rchunks(BLOCK).zip(b.rchunks(BLOCK)).take_while(|(x, y)| x == y).map(|(x, _)| x.len()).sum();
    let (a, b) = (&a[..a.len() - at], &b[..b.len() - at]);
    at + a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Every span of a diagnostic through `map` (`None` if one has no image).
fn map_diagnostic(d: &Diagnostic, mut map: impl FnMut(FileSpan) -> Option<FileSpan>) -> Option<Diagnostic> {
    let mut d = d.clone();
    d.primary = map(d.primary)?;
    for label in &mut d.secondary {
        label.at = map(label.at)?;
    }
    if let Some(fix) = &mut d.fix {
        for edit in &mut fix.edits {
            edit.at = map(edit.at)?;
        }
    }
    Some(d)
}

/// The category whose body (the lines after its header) holds every changed line.
fn edited_category(config: &Config, file: FileId, old: &str, edit: &Edit) -> Option<usize> {
    let mut found = None;
    for (i, c) in config.categories.iter().enumerate() {
        let block = c.block_at.span;
        if c.block_at.file != file || (block.start as usize) > edit.lines_start || (block.end as usize) < edit.old_lines_end {
            continue;
        }
        let header_end = c.header_at.span.end as usize;
        let header_line_end = old[header_end..].find('\n').map_or(old.len(), |n| header_end + n);
        if header_line_end >= edit.lines_start || found.replace(i).is_some() {
            return None;
        }
    }
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Old,
    New,
}

/// One category's block in a [`Cut`].
#[derive(Debug)]
struct Chunk {
    /// Where it starts in the cut's text.
    at: usize,
    /// Where it comes from.
    file: FileId,
    start: usize,
    len: usize,
    touched: bool,
}

/// The neighbourhood cut out of the configuration: the blocks of `cut`'s categories one after
/// the other in load order, as one file (the root's id), and where each came from.
#[derive(Debug)]
struct Cut {
    root: FileId,
    text: String,
    chunks: Vec<Chunk>,
}

impl Cut {
    /// `edited` is the edited file's text on this side of the edit.
    fn new(config: &Config, cut: &[u32], touched: &[u32], edited: &str, edit: &Edit, side: Side) -> Result<Cut, &'static str> {
        let mut out = Cut { root: config.root, text: String::new(), chunks: Vec::new() };
        for &c in cut {
            let category: &Category = &config.categories[c as usize];
            let block = category.block_at;
            let in_edited = block.file == edit.file;
            let text = if in_edited { edited } else { config.text(block.file) };
            // Blocks after the edited one move by the edit's length; the edited one ends later.
            let moved = |at: u32| {
                let at = at as usize;
                if side == Side::New && in_edited && at >= edit.old_end {
                    (at as isize + edit.delta()) as usize
                } else {
                    at
                }
            };
            let start = moved(block.span.start);
            let mut body = text.get(start..moved(block.span.end)).ok_or("a block outside its file")?;
            // Up to its first directive: the lines after an `#include` belong to the last
            // section of the included file (and the included sections are cut on their own).
            if let Some(directive) = first_directive_line(body) {
                body = &body[..directive];
            }
            if body.contains(";--") || body.contains("--;") {
                return Err("a block comment in the neighbourhood");
            }
            if side == Side::Old {
                // Every line the category holds must be in its cut block (none after an
                // `#include`, none in a `(+)` block elsewhere) …
                let outside = category.variables.iter().filter(|v| v.origin == pjsip_syntax::Origin::Own).any(|v| {
                    let line = config.var_line_at(v);
                    line.file != block.file || (line.span.start as usize) < start || (line.span.end as usize) > start + body.len()
                });
                if outside || !category.additions.is_empty() {
                    return Err("a section of the neighbourhood has lines outside its block");
                }
                // … and the edited lines must be in the edited category's.
                if in_edited
                    && start <= edit.lines_start
                    && edit.lines_start < start + block.span.len()
                    && edit.old_lines_end > start + body.len()
                {
                    return Err("the edit follows a directive in its block");
                }
            }
            out.chunks.push(Chunk { at: out.text.len(), file: block.file, start, len: body.len(), touched: touched.contains(&c) });
            out.text.push_str(body);
            if !body.ends_with('\n') {
                out.text.push('\n');
            }
        }
        Ok(out)
    }

    /// The chunk of the cut holding `offset` (the line break added after a block counts as its).
    fn chunk(&self, offset: usize) -> Option<&Chunk> {
        let i = self.chunks.partition_point(|c| c.at <= offset).checked_sub(1)?;
        let end = self.chunks.get(i + 1).map_or(self.text.len(), |n| n.at);
        (offset <= end).then(|| &self.chunks[i])
    }

    fn in_touched(&self, at: FileSpan) -> bool {
        at.file == self.root && self.chunk(at.span.start as usize).is_some_and(|c| c.touched)
    }

    /// A span of the configuration in the cut.
    fn to_sub(&self, at: FileSpan) -> Option<FileSpan> {
        let start = at.span.start as usize;
        let c = self.chunks.iter().find(|c| c.file == at.file && c.start <= start && start < c.start + c.len)?;
        let (from, to) = (start - c.start + c.at, at.span.end as usize - c.start + c.at);
        Some(FileSpan::new(self.root, Span::new(from, to)))
    }

    /// A diagnostic of the cut's analysis in the configuration's files.
    fn in_text(&self, d: &Diagnostic) -> Option<Diagnostic> {
        map_diagnostic(d, |at| {
            if at.file != self.root {
                return Some(at);
            }
            let c = self.chunk(at.span.start as usize)?;
            let len = at.span.end.checked_sub(at.span.start)? as usize;
            let start = c.start + (at.span.start as usize - c.at).min(c.len);
            Some(FileSpan::new(c.file, Span::new(start, (start + len).min(c.start + c.len + 1))))
        })
    }
}

/// The offset of the first line of `body` that is a directive (`#include`, `#exec`, …).
fn first_directive_line(body: &str) -> Option<usize> {
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            return Some(at);
        }
        at += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{common_prefix, common_suffix};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn block_comparisons_agree_with_byte_loops(a in proptest::collection::vec(0u8..3, 0..1200), b in proptest::collection::vec(0u8..3, 0..1200), shared in proptest::collection::vec(0u8..3, 0..700)) {
            // Long common parts, so that whole blocks match.
            let a = [shared.clone(), a, shared.clone()].concat();
            let b = [shared.clone(), b, shared].concat();
            let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(common_prefix(&a, &b), prefix);
            let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(common_suffix(&a, &b), suffix);
        }
    }
}
