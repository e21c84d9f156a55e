//! The codes of parsing and loading (`syntax/*`, `config/*`): what `main/config.c` refuses,
//! skips or reads differently from what the author meant, and the limits of pjsip-lab's own
//! work. The checks crate lists them, with every other layer's, in its registry.

crate::define_codes! {
    SYNTAX_UNTERMINATED_BLOCK_COMMENT = "syntax/unterminated-block-comment", Warning,
        "A `;--` block comment is never closed.",
        "A `;--` block comment is still open at the end of the file: everything after it is ignored (`Unterminated comment detected`).";
    SYNTAX_LINE_TOO_LONG = "syntax/line-too-long", Warning,
        "A line longer than Asterisk reads.",
        "A line of 8191 bytes or more: Asterisk reads at most 8190 and skips the whole line (`Line too long, skipping`).";
    SYNTAX_COMMENT_NESTING_LIMIT = "syntax/comment-nesting-limit", Error,
        "Block comments nested too deep.",
        "Block comments nested more than 128 levels deep: Asterisk stops reading the file (`Maximum nest limit of 128 reached`).";
    SYNTAX_STRAY_BLOCK_COMMENT_END = "syntax/stray-block-comment-end", Warning,
        "A `--;` closes no block comment.",
        "A `--;` with no block comment open: Asterisk's comment counter goes below zero and every following line of the file is ignored.";
    SYNTAX_UNCLOSED_BRACKET = "syntax/unclosed-bracket", Error,
        "A section header without its `]`.",
        "A section header without its closing `]`: Asterisk rejects the whole file.";
    SYNTAX_UNCLOSED_PAREN = "syntax/unclosed-paren", Error,
        "Header options without their `)`.",
        "Header options `(…)` without the closing `)`: Asterisk rejects the whole file.";
    SYNTAX_SPACE_BEFORE_HEADER_OPTIONS = "syntax/space-before-header-options", Warning,
        "Header options that do not follow `]` at once.",
        "`[name] (…)`: options that do not follow `]` immediately are ignored, so the section is no template and inherits nothing.";
    SYNTAX_HEADER_TRAILING_TEXT = "syntax/header-trailing-text", Hint,
        "Text after a section header.",
        "Text after a section header (and its options) is ignored.";
    SYNTAX_SECTION_NAME_SPACES = "syntax/section-name-spaces", Warning,
        "A section name with spaces at either end.",
        "A section name that starts or ends with a space keeps it: `[ 6001 ]` names ` 6001 `, which no phone or reference will match.";
    SYNTAX_EMPTY_SECTION_NAME = "syntax/empty-section-name", Warning,
        "A section with an empty name.",
        "`[]`: a section whose name is empty.";
    SYNTAX_UNKNOWN_DIRECTIVE = "syntax/unknown-directive", Warning,
        "A `#` directive Asterisk does not know.",
        "A directive other than `#include`, `#tryinclude` and `#exec`: ignored (`Unknown directive`).";
    SYNTAX_EXEC_NOT_RUN = "syntax/exec-not-run", Warning,
        "`#exec` is not run.",
        "`#exec` runs a program (in Asterisk only with `execincludes=yes`); pjsip-lab never does, so whatever it would print is missing from the analysis.";
    SYNTAX_DIRECTIVE_NEEDS_ARGUMENT = "syntax/directive-needs-argument", Warning,
        "An include directive without a file name.",
        "`#include`, `#tryinclude` or `#exec` without a file name: the line is ignored (`needs an argument`).";
    SYNTAX_INVALID_ESCAPE = "syntax/invalid-escape", Error,
        "A line starting with `\\` and nothing printable.",
        "A line that starts with `\\` followed by nothing printable: Asterisk rejects the whole file (`Invalid escape in line`).";
    SYNTAX_MISSING_EQUALS = "syntax/missing-equals", Warning,
        "A line without `=`.",
        "A line in a section that is neither a header, a directive nor `name=value`: ignored (`No '=' (equal sign) in line`). A note points out `name: value`.";
    SYNTAX_MISSING_NAME = "syntax/missing-name", Warning,
        "A value without an option name.",
        "`=value` with no option name: ignored (`No variable name in line`).";
    CONFIG_LIMIT = "config/limit", Warning,
        "pjsip-lab stopped loading at one of its own work limits.",
        "A work limit of pjsip-lab, not of Asterisk (includes reading files too many times or too many lines, templates copying too many settings, `(+filter)` additions asking for too much matching, which then find no section): what follows is not fully analysed. Said once per load.";
    CONFIG_NO_SECTION = "config/no-section", Error,
        "An option before any section header.",
        "An option before any `[section]` header (also in a file included before the first header): Asterisk rejects the whole file (`No category context for line`).";
    CONFIG_TRYINCLUDE_NOT_FOUND = "config/tryinclude-not-found", Hint,
        "`#tryinclude` of a missing file.",
        "`#tryinclude` names a file that does not exist: skipped without a word.";
    CONFIG_INCLUDE_NOT_FOUND = "config/include-not-found", Error,
        "`#include` of a missing file.",
        "`#include` names a file that does not exist: Asterisk rejects the whole file.";
    CONFIG_INCLUDE_CYCLE = "config/include-cycle", Error,
        "A file includes itself.",
        "A file includes itself, directly or through other files: the inclusion is not followed and the whole file is rejected (a warning under `#tryinclude`).";
    CONFIG_INCLUDE_TOO_DEEP = "config/include-too-deep", Error,
        "Includes nested more than ten levels.",
        "Includes nested more than 10 levels: the deeper file is not read (`Maximum Include level (10) exceeded`) and the whole file is rejected (a warning under `#tryinclude`).";
    CONFIG_BAD_FILTER = "config/bad-filter", Error,
        "A `(+filter)` expression that does not compile.",
        "The regular expression of a `(+filter)` addition does not compile; Asterisk logs it for every section it tries.";
    CONFIG_ADDITION_WITHOUT_SECTION = "config/addition-without-section", Error,
        "`(+)` adds to a section that is not there.",
        "`[name](+)` adds to a section that does not appear earlier (or only as a template, which `(+)` never extends): Asterisk rejects the whole file.";
    CONFIG_MISSING_BASE_SECTION = "config/missing-base-section", Error,
        "A section inherits from one that is not there.",
        "`[name](base)` inherits from a section that does not appear earlier: Asterisk rejects the whole file. Fix offered when only spaces differ (Asterisk does not trim names inside `(…)`).";
}

/// The codes whose messages name a line number ("line 12 is …"): such a diagnostic changes when
/// lines are added or removed before it, though its span only moves (what re-using earlier
/// results after an edit must know).
pub const NAMES_A_LINE: [crate::diagnostic::Code; 4] =
    [SYNTAX_UNTERMINATED_BLOCK_COMMENT, SYNTAX_LINE_TOO_LONG, SYNTAX_EMPTY_SECTION_NAME, SYNTAX_INVALID_ESCAPE];
