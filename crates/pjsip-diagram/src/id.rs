//! Typed identities of the diagram's boxes.
//!
//! A box stands for an object of a pjsip.conf type (loaded, refused, or named but missing) or for
//! something objects lead to without being an object of their own: a static contact of an AOR,
//! the domain of a domain alias, a template. [`NodeKind`] says which, with the object's
//! [`ObjectType`] for objects; [`NodeId`] adds the name. Inside the crate and its users the two are
//! compared and hashed as values; the `type/name` text ([`std::fmt::Display`], [`std::str::FromStr`])
//! exists only at the edges: SVG attributes, DOM keys, the CLI's `--focus`.

use std::fmt;
use std::str::FromStr;

use pjsip_model::ObjectType;
use serde::{Serialize, Serializer};

/// What a box stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// An object of a pjsip.conf type.
    Object(ObjectType),
    /// A static contact URI of an AOR (`contact=` on an AOR).
    Contact,
    /// The domain a domain alias names, when no object of that name exists.
    Domain,
    /// A template section (`[name](!)`), drawn with the template layer on.
    Template,
}

impl NodeKind {
    /// Every kind a graph can hold, in the order the legend and the type filters list them:
    /// the objects that lead to endpoints, endpoints, what endpoints use, outbound objects,
    /// then the derived kinds.
    pub const ALL: [NodeKind; 18] = [
        NodeKind::Object(ObjectType::Identify),
        NodeKind::Object(ObjectType::InboundPublication),
        NodeKind::Object(ObjectType::Phoneprov),
        NodeKind::Object(ObjectType::Global),
        NodeKind::Object(ObjectType::System),
        NodeKind::Object(ObjectType::Acl),
        NodeKind::Object(ObjectType::ResourceList),
        NodeKind::Object(ObjectType::Endpoint),
        NodeKind::Object(ObjectType::Aor),
        NodeKind::Object(ObjectType::Auth),
        NodeKind::Object(ObjectType::Transport),
        NodeKind::Object(ObjectType::DomainAlias),
        NodeKind::Object(ObjectType::AsteriskPublication),
        NodeKind::Object(ObjectType::Registration),
        NodeKind::Object(ObjectType::OutboundPublish),
        NodeKind::Contact,
        NodeKind::Domain,
        NodeKind::Template,
    ];

    /// The word for it: the type name for objects (`endpoint`, `inbound-publication`, …), else
    /// `contact`, `domain`, `template`. Also the CSS class suffix (`type-endpoint`).
    pub const fn name(self) -> &'static str {
        match self {
            NodeKind::Object(t) => t.name(),
            NodeKind::Contact => "contact",
            NodeKind::Domain => "domain",
            NodeKind::Template => "template",
        }
    }

    /// The kind named `name`. `contact` is the derived kind: the contact *type* is never
    /// written in pjsip.conf, so no box of that object type exists.
    pub fn from_name(name: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The object type, for object boxes.
    pub fn object_type(self) -> Option<ObjectType> {
        match self {
            NodeKind::Object(t) => Some(t),
            _ => None,
        }
    }

    /// Position in [`NodeKind::ALL`] (legend order); kinds outside it come last.
    pub fn legend_order(self) -> usize {
        NodeKind::ALL.iter().position(|k| *k == self).unwrap_or(NodeKind::ALL.len())
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for NodeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One box's identity, unique in its graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub kind: NodeKind,
    pub name: String,
    /// 0 for the first box of this kind and name; 1, 2 … for later sections with the same type
    /// and name (Asterisk refuses those, and the diagram shows each).
    pub copy: u32,
}

impl NodeId {
    pub fn new(kind: NodeKind, name: impl Into<String>) -> NodeId {
        NodeId { kind, name: name.into(), copy: 0 }
    }

    /// The id of the object `type/name`.
    pub fn object(object_type: ObjectType, name: impl Into<String>) -> NodeId {
        NodeId::new(NodeKind::Object(object_type), name)
    }

    /// `type/name` as written in the configuration, without the copy number.
    pub fn reference(&self) -> String {
        format!("{}/{}", self.kind.name(), self.name)
    }
}

/// `type/name`, and `#2`, `#3` … for later copies.
impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.name(), self.name)?;
        if self.copy > 0 {
            write!(f, "#{}", self.copy + 1)?;
        }
        Ok(())
    }
}

impl Serialize for NodeId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a text is not a node id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeIdError {
    /// No `/` between a type and a name.
    NoSlash,
    /// The part before the `/` names no kind of box.
    UnknownKind(String),
    /// Nothing after the `/`.
    NoName,
}

impl fmt::Display for NodeIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeIdError::NoSlash => f.write_str("write it as type/name, e.g. endpoint/alice"),
            NodeIdError::UnknownKind(kind) => write!(f, "`{kind}` is not an object type"),
            NodeIdError::NoName => f.write_str("the name after the `/` is missing"),
        }
    }
}

impl std::error::Error for NodeIdError {}

/// Reads `type/name`. A trailing `#n` (n ≥ 2) is read as a later copy; a section whose name
/// itself ends in `#n` is found through [`crate::Graph::find_id`], which tries both readings.
impl FromStr for NodeId {
    type Err = NodeIdError;

    fn from_str(text: &str) -> Result<NodeId, NodeIdError> {
        let (kind, name) = text.split_once('/').ok_or(NodeIdError::NoSlash)?;
        let kind = NodeKind::from_name(kind).ok_or_else(|| NodeIdError::UnknownKind(kind.to_string()))?;
        if name.is_empty() {
            return Err(NodeIdError::NoName);
        }
        let copy = name
            .rsplit_once('#')
            .filter(|(base, n)| !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(base, n)| n.parse::<u32>().ok().filter(|&n| n >= 2).map(|n| (base, n - 1)));
        Ok(match copy {
            Some((base, copy)) => NodeId { kind, name: base.to_string(), copy },
            None => NodeId::new(kind, name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_and_reads_type_slash_name() {
        let id = NodeId::object(ObjectType::InboundPublication, "pub-1");
        assert_eq!(id.to_string(), "inbound-publication/pub-1");
        assert_eq!("inbound-publication/pub-1".parse::<NodeId>(), Ok(id));
        let copy = NodeId { copy: 1, ..NodeId::object(ObjectType::Aor, "a") };
        assert_eq!(copy.to_string(), "aor/a#2");
        assert_eq!(copy.reference(), "aor/a");
        assert_eq!("aor/a#2".parse::<NodeId>(), Ok(copy));
        // Names may hold slashes (contact URIs) and `#` that is not a copy number.
        assert_eq!("contact/sip:x@h/p".parse::<NodeId>(), Ok(NodeId::new(NodeKind::Contact, "sip:x@h/p")));
        assert_eq!("aor/a#b".parse::<NodeId>(), Ok(NodeId::object(ObjectType::Aor, "a#b")));
        assert_eq!("aor/a#1".parse::<NodeId>(), Ok(NodeId::object(ObjectType::Aor, "a#1")));
    }

    #[test]
    fn refuses_what_is_not_an_id() {
        assert_eq!("alice".parse::<NodeId>(), Err(NodeIdError::NoSlash));
        assert_eq!("phone/alice".parse::<NodeId>(), Err(NodeIdError::UnknownKind("phone".into())));
        assert_eq!("endpoint/".parse::<NodeId>(), Err(NodeIdError::NoName));
    }

    #[test]
    fn kinds_have_one_name_each() {
        for kind in NodeKind::ALL {
            assert_eq!(NodeKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(NodeKind::from_name("contact"), Some(NodeKind::Contact));
        assert_eq!(NodeKind::from_name("wizard"), None);
    }
}
