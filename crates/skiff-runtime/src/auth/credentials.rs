//! [`Credentials`]: an access key pair with an optional session token, expiry and account id,
//! given explicitly or read from the environment. The secret and the token never appear in
//! `Debug` output.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use crate::datetime::DateTime;

const REDACTED: &str = "** redacted **";

/// An access key id, its secret key, and an optional session (security) token; temporary
/// credentials also carry their expiry, and some sources say which account they belong to.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    // Shared text: providers hand out a clone per request attempt, which then costs no copy.
    access_key_id: Arc<str>,
    secret_access_key: Arc<str>,
    session_token: Option<Arc<str>>,
    expiry: Option<SystemTime>,
    account_id: Option<Arc<str>>,
}

impl Credentials {
    /// Credentials from an access key id and secret, with an optional session token; no expiry
    /// and no account id (add them with [`Credentials::with_expiry`] and
    /// [`Credentials::with_account_id`]).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: Arc::from(access_key_id.into()),
            secret_access_key: Arc::from(secret_access_key.into()),
            session_token: session_token.map(Arc::from),
            expiry: None,
            account_id: None,
        }
    }

    /// The same credentials, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The same credentials, belonging to account `account_id`.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(Arc::from(account_id.into()));
        self
    }

    /// The access key id (public: it appears in signed requests).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session (security) token, if any.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials stop working; `None` for long-term credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The account the credentials belong to, when their source said so.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }
}

/// Shows the access key id, expiry and account id; the secret and the token are redacted.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.expiry.map(DateTime::from))
            .field("account_id", &self.account_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn debug_redacts_secret_and_token() {
        let creds = Credentials::new("AKID", "SEKRIT", Some("TOKN".into()))
            .with_expiry(UNIX_EPOCH + Duration::from_secs(1_234_567_890))
            .with_account_id("123456789012");
        let text = format!("{creds:?}");
        assert!(!text.contains("SEKRIT") && !text.contains("TOKN"), "{text}");
        assert!(
            text.contains("AKID") && text.contains("123456789012"),
            "{text}"
        );
        assert!(text.contains("2009-02-13T23:31:30Z"), "{text}");
        assert_eq!(creds.account_id(), Some("123456789012"));
        assert_eq!(
            creds.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_234_567_890))
        );
    }
}
