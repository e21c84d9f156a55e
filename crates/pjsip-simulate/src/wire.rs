//! What happens to a request before any Asterisk module sees it: pjproject's parser drops a
//! message whose headers it cannot read (no answer at all), and Asterisk's message filter
//! answers 416 Unsupported URI Scheme to a Contact that is neither `sip:` nor `sips:`.
//! Only the headers whose forms the simulator models are checked: `Expires` and `Contact`.

use super::contact_header::{expires_header, parse_element, Element};
use super::view::View;

/// Why pjproject's parser refuses the request, if it does.
pub fn unparseable(view: &View) -> Option<String> {
    for value in view.header("Expires") {
        if let Err(why) = expires_header(value) {
            return Some(why);
        }
    }
    view.contacts.iter().find_map(|contact| parse_element(contact).err())
}

/// The first Contact with a scheme Asterisk does not accept (the URI scheme, for the trace).
pub fn unsupported_contact(view: &View) -> Option<String> {
    view.contacts.iter().find_map(|contact| match parse_element(contact) {
        Ok(Element::Other { scheme }) => Some(scheme),
        _ => None,
    })
}
