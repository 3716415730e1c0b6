//! The default region chain: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's
//! `region`, then IMDS (`/latest/meta-data/placement/region`, unless
//! `AWS_EC2_METADATA_DISABLED`). The first one set wins.

use crate::env;
use crate::ProviderConfig;

/// The default region chain (module docs).
#[derive(Clone, Debug)]
pub struct DefaultRegionChain {
    conf: ProviderConfig,
    imds: bool,
}

impl DefaultRegionChain {
    /// The chain, reading through `conf`.
    pub fn new(conf: &ProviderConfig) -> Self {
        DefaultRegionChain {
            conf: conf.clone(),
            imds: true,
        }
    }

    /// Whether IMDS is asked last (default true).
    pub fn with_imds(mut self, imds: bool) -> Self {
        self.imds = imds;
        self
    }

    /// The region, or `None` when no source has one. Unreadable or invalid profile files count
    /// as no profile, and IMDS failures as no region: a region is a setting, not a secret, and
    /// the client reports its absence.
    pub async fn region(&self) -> Option<String> {
        let loaded = self.conf.load_profiles().ok();
        let profile = loaded
            .as_ref()
            .and_then(|l| l.profiles.get(&l.locations.profile));
        if let Some(region) = env::region(self.conf.env_fn(), profile) {
            return Some(region);
        }
        if !self.imds {
            return None;
        }
        super::imds::imds_region(&self.conf).await.ok()
    }
}
