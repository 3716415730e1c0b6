//! Document codecs, driven by [`Schema`](crate::schema::Schema)s: `json` (the JSON protocols'
//! bodies) and `xml` (awsQuery and ec2Query responses, restXml bodies), and `form`
//! (`application/x-www-form-urlencoded` pairs of the query protocols).
//!
//! A codec turns [`Value`](crate::value::Value)s into document text and back. It knows nothing
//! of HTTP, error formats or protocols: those are `protocol`'s, which calls down into here.

#[cfg(feature = "aws-query")]
pub(crate) mod form;
#[cfg(any(feature = "aws-json", feature = "rest-json"))]
pub(crate) mod json;
#[cfg(any(feature = "aws-query", feature = "rest-xml"))]
pub(crate) mod xml;
