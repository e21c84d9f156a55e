//! The diagram's vocabulary: crow's-foot cardinalities, edge styles, and the table that says,
//! for each option that points at another object, how many of each side may take part.
//!
//! Cardinalities are read the usual crow's-foot way: the symbol drawn at an end tells how many
//! objects *of that end's type* one object at the other end relates to. On `endpoint —aors→ aor`
//! the `to` end says how many AORs one endpoint names (any number), the `from` end how many
//! endpoints may name one AOR (any number as well).

use pjsip_model::ObjectType;
use serde::Serialize;

use crate::id::NodeKind;

/// How many objects take part at one end of a relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cardinality {
    /// Exactly one (two bars).
    ExactlyOne,
    /// Zero or one (circle and bar).
    ZeroOrOne,
    /// Zero or more (circle and crow's foot).
    ZeroOrMany,
    /// One or more (bar and crow's foot).
    OneOrMany,
}

impl Cardinality {
    pub const ALL: [Cardinality; 4] = [Self::ExactlyOne, Self::ZeroOrOne, Self::ZeroOrMany, Self::OneOrMany];

    /// The id of the SVG `<marker>` that draws it (see [`super::svg::marker_defs`]).
    pub fn marker_id(self) -> &'static str {
        match self {
            Self::ExactlyOne => "erd-one",
            Self::ZeroOrOne => "erd-zero-or-one",
            Self::ZeroOrMany => "erd-zero-or-many",
            Self::OneOrMany => "erd-one-or-many",
        }
    }

    /// Short text, as in the legend.
    pub fn text(self) -> &'static str {
        match self {
            Self::ExactlyOne => "exactly one",
            Self::ZeroOrOne => "zero or one",
            Self::ZeroOrMany => "zero or more",
            Self::OneOrMany => "one or more",
        }
    }
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeStyle {
    /// A reference written in the configuration.
    Solid,
    /// An outbound credential (`outbound_auth`): used to answer a challenge from the far end.
    Dashed,
    /// A link Asterisk makes without it being written (the transport picked by default).
    Dotted,
    /// A reference that cannot work: its target is missing, of another type, or not loaded.
    Error,
    /// Template inheritance (`[name](template)`), an optional layer.
    Inherit,
}

impl EdgeStyle {
    pub const ALL: [EdgeStyle; 5] = [Self::Solid, Self::Dashed, Self::Dotted, Self::Error, Self::Inherit];

    /// The CSS class the SVG gives it (`edge-solid`, …).
    pub fn class(self) -> &'static str {
        match self {
            Self::Solid => "edge-solid",
            Self::Dashed => "edge-dashed",
            Self::Dotted => "edge-dotted",
            Self::Error => "edge-error",
            Self::Inherit => "edge-inherit",
        }
    }

    /// What it means, as in the legend.
    pub fn text(self) -> &'static str {
        match self {
            Self::Solid => "reference written in the config",
            Self::Dashed => "outbound credentials",
            Self::Dotted => "implicit: default transport",
            Self::Error => "broken: target missing or refused",
            Self::Inherit => "inherits from a template",
        }
    }
}

/// The shape of one kind of relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relation {
    pub style: EdgeStyle,
    /// How many sources may point at one target.
    pub from_end: Cardinality,
    /// How many targets one source points at.
    pub to_end: Cardinality,
}

/// The relation created by option `kind` of a box of kind `from`. `many` says whether the
/// option takes a list, for options the table does not name.
pub fn relation(from: NodeKind, kind: &str, many: bool) -> Relation {
    use Cardinality::*;
    use ObjectType as T;
    let solid = |from_end, to_end| Relation { style: EdgeStyle::Solid, from_end, to_end };
    let from_type = from.object_type();
    match (from_type, kind) {
        // Endpoints and AORs share freely: one AOR can serve several endpoints.
        (Some(T::Endpoint), "aors") => solid(ZeroOrMany, ZeroOrMany),
        // One credential per direction is what a configuration normally names; an auth
        // object may be shared by any number of endpoints.
        (Some(T::Endpoint), "auth") => solid(ZeroOrMany, ZeroOrOne),
        (_, "outbound_auth") => Relation { style: EdgeStyle::Dashed, from_end: ZeroOrMany, to_end: ZeroOrOne },
        (_, "transport") => solid(ZeroOrMany, ZeroOrOne),
        (_, "default-transport") => Relation { style: EdgeStyle::Dotted, from_end: ZeroOrMany, to_end: ExactlyOne },
        // An identify names exactly one endpoint; an endpoint may have several identifies.
        (Some(T::Identify | T::Phoneprov | T::InboundPublication), "endpoint") => solid(ZeroOrMany, ExactlyOne),
        // A registration optionally names the endpoint its line parameter leads to.
        (Some(T::Registration), "endpoint") => solid(ZeroOrMany, ZeroOrOne),
        (Some(T::Global), "default_outbound_endpoint") => solid(ZeroOrOne, ExactlyOne),
        // A static contact belongs to exactly one AOR, which may list any number.
        (Some(T::Aor), "contact") => solid(ExactlyOne, ZeroOrMany),
        (Some(T::DomainAlias), "domain") => solid(ZeroOrMany, ExactlyOne),
        (_, "template") => Relation { style: EdgeStyle::Inherit, from_end: ZeroOrMany, to_end: ZeroOrMany },
        _ if many => solid(ZeroOrMany, ZeroOrMany),
        _ => solid(ZeroOrMany, ZeroOrOne),
    }
}
