pub use pjsip_syntax;
