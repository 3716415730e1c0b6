//! Bearer tokens (`smithy.api#httpBearerAuth`): `Authorization: Bearer <token>`.

use std::fmt;

use crate::http::HttpRequest;

/// A bearer token; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BearerToken(pub(crate) String);

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// Sets the `Authorization` header.
pub(crate) fn sign(request: &mut HttpRequest, token: &BearerToken) {
    request
        .headers
        .insert("Authorization", format!("Bearer {}", token.0));
}
