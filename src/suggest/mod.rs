//! Link suggestions: rules that propose asset↔product links with a confidence and the rule
//! that fired. Nothing links until a person accepts.
