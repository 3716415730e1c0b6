//! [`ProviderConfig`]: what every credential and region provider reads the outside world
//! through (environment, files, HTTP, clock), so tests can replace each of them.

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use skiff_runtime::config::SystemClock;
use skiff_runtime::http::{BoxFuture, HttpRequest, HttpResponse, TransportError};
use skiff_runtime::{DateTime, HttpTransport, TimeSource};

use super::location::{self, LoadError, LoadedProfiles, Platform};
use super::profile::Profile;

/// Reads files (the shared config files, token files). Blocking: the files are small.
pub trait FileSystem: Send + Sync + fmt::Debug {
    /// The whole content of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

/// A file system whose `/` is a directory: `/home/.aws/config` is `<root>/home/.aws/config`
/// (relative paths are taken from `root` too). For tests and sandboxes.
#[derive(Clone, Debug)]
pub struct RootedFileSystem {
    root: PathBuf,
}

impl RootedFileSystem {
    /// A file system rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        RootedFileSystem { root: root.into() }
    }
}

impl FileSystem for RootedFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        // `..` cannot leave the root.
        let mut relative = PathBuf::new();
        for component in path.components() {
            match component {
                std::path::Component::Normal(part) => relative.push(part),
                std::path::Component::ParentDir => {
                    relative.pop();
                }
                _ => {}
            }
        }
        std::fs::read(self.root.join(relative))
    }
}

type EnvFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;
type Resolver = Arc<dyn Fn(&str) -> io::Result<Vec<IpAddr>> + Send + Sync>;

/// The outside world as the providers see it: environment variables, files, the HTTP transport,
/// the clock (for session names and request signatures), the platform's path rules, a host
/// name resolver (for `http` container URIs), and optional overrides of the profile name and the
/// STS region. Cheap to clone.
///
/// `Debug` shows none of the environment (it can hold secrets).
#[derive(Clone)]
pub struct ProviderConfig {
    env: EnvFn,
    fs: Arc<dyn FileSystem>,
    transport: Arc<dyn HttpTransport>,
    clock: Arc<dyn TimeSource>,
    platform: Platform,
    resolver: Resolver,
    profile_name: Option<String>,
    region: Option<String>,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl ProviderConfig {
    /// The process environment, the real file system, the default transport (reqwest, with the
    /// `reqwest` feature; otherwise a transport that fails every request), the system clock, the
    /// current platform and the system resolver.
    pub fn new() -> Self {
        ProviderConfig {
            env: Arc::new(location::process_env),
            fs: Arc::new(OsFileSystem),
            transport: default_transport(),
            clock: Arc::new(SystemClock),
            platform: Platform::current(),
            resolver: Arc::new(super::container::resolve_host),
            profile_name: None,
            region: None,
        }
    }

    /// Reads environment variables through `env` instead of the process environment.
    pub fn with_env(
        mut self,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Arc::new(env);
        self
    }

    /// Uses exactly these environment variables.
    pub fn with_env_vars<K: Into<String>, V: Into<String>>(
        self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars: std::collections::BTreeMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.with_env(move |name| vars.get(name).cloned())
    }

    /// Reads files through `fs`.
    pub fn with_fs(mut self, fs: impl FileSystem + 'static) -> Self {
        self.fs = Arc::new(fs);
        self
    }

    /// Sends HTTP requests (IMDS, container endpoint, STS) through `transport`.
    pub fn with_transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.transport = Arc::new(transport);
        self
    }

    /// The same, from a shared transport.
    pub fn with_shared_transport(mut self, transport: Arc<dyn HttpTransport>) -> Self {
        self.transport = transport;
        self
    }

    /// Uses `clock` for session names and STS request signatures.
    pub fn with_clock(mut self, clock: impl TimeSource + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Applies `platform`'s home-directory and path rules.
    pub fn with_platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }

    /// Resolves host names of `http` container URIs with `resolver`.
    pub fn with_resolver(
        mut self,
        resolver: impl Fn(&str) -> io::Result<Vec<IpAddr>> + Send + Sync + 'static,
    ) -> Self {
        self.resolver = Arc::new(resolver);
        self
    }

    /// Selects profile `name` (instead of `AWS_PROFILE` or `default`).
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Calls STS in `region` (instead of the environment's or the profile's region).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An environment variable's value.
    pub fn env(&self, name: &str) -> Option<String> {
        (self.env)(name)
    }

    /// The environment as a lookup closure, for the pure functions of this crate.
    pub(crate) fn env_fn(&self) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let env = self.env.clone();
        move |name| env(name)
    }

    /// The file system.
    pub fn fs(&self) -> &dyn FileSystem {
        &*self.fs
    }

    /// The HTTP transport.
    pub fn transport(&self) -> &Arc<dyn HttpTransport> {
        &self.transport
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn TimeSource> {
        &self.clock
    }

    /// The current time of the clock.
    pub fn now(&self) -> DateTime {
        self.clock.now()
    }

    /// The platform.
    pub fn platform(&self) -> Platform {
        self.platform
    }

    pub(crate) fn resolve(&self, host: &str) -> io::Result<Vec<IpAddr>> {
        (self.resolver)(host)
    }

    /// The selected profile: the override, else `AWS_PROFILE`, else `default`.
    pub fn profile_name(&self) -> String {
        self.profile_name
            .clone()
            .unwrap_or_else(|| location::selected_profile(self.env_fn()))
    }

    /// Reads a file as UTF-8 text.
    pub fn read_to_string(&self, path: &Path) -> io::Result<String> {
        String::from_utf8(self.fs.read(path)?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8"))
    }

    /// Locates, reads and parses the shared config and credentials files (missing files count
    /// as empty), with the selected profile name.
    pub fn load_profiles(&self) -> Result<LoadedProfiles, LoadError> {
        let mut loaded = location::load(self.env_fn(), self.platform, |path| {
            self.read_to_string(path)
        })?;
        loaded.locations.profile = self.profile_name();
        Ok(loaded)
    }

    /// The region STS is called in: the override, else `AWS_REGION`, `AWS_DEFAULT_REGION`, the
    /// selected profile's `region`, else `us-east-1` (STS's global region).
    pub(crate) fn sts_region(&self, profile: Option<&Profile>) -> String {
        self.region
            .clone()
            .or_else(|| super::env::region(self.env_fn(), profile))
            .unwrap_or_else(|| "us-east-1".to_owned())
    }

    /// Like [`ProviderConfig::sts_region`], loading the profile files for it (unreadable files
    /// count as no profile).
    pub(crate) fn sts_region_from_files(&self) -> String {
        if self.region.is_some() {
            return self.sts_region(None);
        }
        let loaded = self.load_profiles().ok();
        let profile = loaded
            .as_ref()
            .and_then(|l| l.profiles.get(&l.locations.profile));
        self.sts_region(profile)
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("env", &"..")
            .field("fs", &self.fs)
            .field("transport", &self.transport)
            .field("clock", &self.clock)
            .field("platform", &self.platform)
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .finish()
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Arc<dyn HttpTransport> {
    Arc::new(skiff_runtime::http::ReqwestTransport::new())
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Arc<dyn HttpTransport> {
    Arc::new(NoTransport)
}

/// Fails every request: the build has no default transport.
#[cfg(not(feature = "reqwest"))]
#[derive(Debug)]
struct NoTransport;

#[cfg(not(feature = "reqwest"))]
impl HttpTransport for NoTransport {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async {
            Err(TransportError::new(
                "no HTTP transport configured (enable the `reqwest` feature of skiff-aws-config \
                 or set one with ProviderConfig::with_transport)",
                None,
            ))
        })
    }
}

/// A shared transport as an owned one, for `skiff_runtime::ConfigBuilder::transport`.
#[derive(Debug)]
pub(crate) struct SharedTransport(pub(crate) Arc<dyn HttpTransport>);

impl HttpTransport for SharedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.0.send(request)
    }
}

/// A shared clock as an owned one, for `skiff_runtime::ConfigBuilder::time_source`.
#[derive(Debug)]
pub(crate) struct SharedClock(pub(crate) Arc<dyn TimeSource>);

impl TimeSource for SharedClock {
    fn now(&self) -> DateTime {
        self.0.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooted_paths() {
        let dir = std::env::temp_dir().join(format!("skiff-rooted-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("home/.aws")).unwrap();
        std::fs::write(dir.join("home/.aws/config"), "[default]\n").unwrap();
        let fs = RootedFileSystem::new(&dir);
        assert_eq!(
            fs.read(Path::new("/home/.aws/config")).unwrap(),
            b"[default]\n"
        );
        assert_eq!(
            fs.read(Path::new("home/../home/.aws/config")).unwrap(),
            b"[default]\n"
        );
        assert_eq!(
            fs.read(Path::new("/../../home/.aws/config")).unwrap(),
            b"[default]\n"
        );
        let e = fs.read(Path::new("/nope")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn env_is_not_shown() {
        let conf = ProviderConfig::new()
            .with_env_vars([("AWS_SECRET_ACCESS_KEY", "SEKRIT")])
            .with_region("eu-west-1");
        assert_eq!(conf.env("AWS_SECRET_ACCESS_KEY").as_deref(), Some("SEKRIT"));
        assert!(!format!("{conf:?}").contains("SEKRIT"));
        assert_eq!(conf.sts_region(None), "eu-west-1");
        assert_eq!(conf.profile_name(), "default");
    }
}
