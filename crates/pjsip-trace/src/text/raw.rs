//! SIP messages pasted alone: one or several, CRLF or LF line ends, perhaps with words around.
//!
//! Messages start at a request or status line; each runs to its blank line and Content-Length
//! bytes of body (fewer when the text lost its CRs), or to the next start line when it has no
//! Content-Length. Text between messages that is not blank is skipped with a note. Nothing tells
//! the direction or the addresses.

use crate::framing;
use crate::model::{NoteKind, Trace, TraceNote};
use crate::text::{message, Meta};

pub fn read(input: &[u8], trace: &mut Trace) {
    let found = framing::split_text(input, &|_| false);
    for piece in &found.messages {
        let bytes = input.get(piece.span.start..piece.span.end).unwrap_or_default();
        let index = trace.messages.len();
        trace.messages.push(message(bytes, piece.span, Meta::default()));
        if let Some(declared) = piece.short_of {
            let mut note = TraceNote::new(
                NoteKind::Truncated,
                format!("message truncated at byte {}: its Content-Length is {declared}", piece.span.end),
            )
            .at(piece.span);
            note.message = Some(index);
            trace.notes.push(note);
        }
    }
    for skipped in &found.skipped {
        trace.notes.push(
            TraceNote::new(NoteKind::Skipped, format!("{} bytes of text that is not SIP skipped at byte {}", skipped.len(), skipped.start))
                .at(*skipped),
        );
    }
}
