//! Where the shared files are, which profile is selected, and loading them into a
//! [`ProfileSet`].
//!
//! Input: an environment lookup (`Fn(&str) -> Option<String>`, e.g. [`process_env`]) and the
//! [`Platform`] (a parameter, so Windows rules can be tested anywhere). Output: the config and
//! credentials file paths and the selected profile name ([`FileLocations`]); [`load`] also reads
//! the files through a caller-supplied reader and parses them.
//!
//! Rules:
//!
//! - Home directory: `HOME`; on Windows, when `HOME` is unset, `USERPROFILE`, then
//!   `HOMEDRIVE` + `HOMEPATH`. Empty variables count as unset.
//! - Config file: `AWS_CONFIG_FILE`, else `<home>/.aws/config`.
//! - Credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `<home>/.aws/credentials`.
//! - A leading `~` in an override (`~`, `~/x`, and on Windows also `~\x`) is the home directory.
//! - Profile: `AWS_PROFILE`, else `default`.

use std::error::Error;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::profile::{FileKind, ProfileParseError, ProfileSet, ProfileSource};

/// `AWS_CONFIG_FILE`: overrides the config file path.
pub const ENV_CONFIG_FILE: &str = "AWS_CONFIG_FILE";
/// `AWS_SHARED_CREDENTIALS_FILE`: overrides the credentials file path.
pub const ENV_CREDENTIALS_FILE: &str = "AWS_SHARED_CREDENTIALS_FILE";
/// `AWS_PROFILE`: selects the profile.
pub const ENV_PROFILE: &str = "AWS_PROFILE";
/// The profile used when none is selected.
pub const DEFAULT_PROFILE: &str = "default";

/// The operating-system family, which decides the home directory rules and path separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Linux, macOS and other Unix-likes: `HOME`, `/` separators.
    Unix,
    /// Windows: `HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`; `\` separators.
    Windows,
}

impl Platform {
    /// The platform this program was compiled for.
    pub fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else {
            Platform::Unix
        }
    }

    fn separator(self) -> char {
        match self {
            Platform::Unix => '/',
            Platform::Windows => '\\',
        }
    }
}

/// An environment lookup backed by the process environment (non-UTF-8 values count as unset).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Looks `name` up, treating an empty value as unset.
pub(crate) fn non_empty(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// The resolved file paths and profile name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLocations {
    /// The config file, or `None` when it depends on a home directory that could not be found.
    pub config: Option<PathBuf>,
    /// The credentials file, or `None` as for `config`.
    pub credentials: Option<PathBuf>,
    /// The selected profile (`AWS_PROFILE` or `default`).
    pub profile: String,
}

/// The user's home directory per the platform's rules, or `None`.
pub fn home_dir(env: impl Fn(&str) -> Option<String>, platform: Platform) -> Option<String> {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    if let Some(home) = non_empty(env, "HOME") {
        return Some(home);
    }
    if platform == Platform::Windows {
        if let Some(profile) = non_empty(env, "USERPROFILE") {
            return Some(profile);
        }
        if let (Some(drive), Some(path)) = (non_empty(env, "HOMEDRIVE"), non_empty(env, "HOMEPATH"))
        {
            return Some(format!("{drive}{path}"));
        }
    }
    None
}

/// Replaces a leading `~` (alone or followed by a separator) with `home`. Returns `None` when the
/// path needs a home directory and `home` is `None`; other paths are returned unchanged.
pub fn expand_home(path: &str, home: Option<&str>, platform: Platform) -> Option<String> {
    let Some(rest) = path.strip_prefix('~') else {
        return Some(path.to_owned());
    };
    let separated = rest.is_empty()
        || rest.starts_with('/')
        || (platform == Platform::Windows && rest.starts_with('\\'));
    if !separated {
        // `~user/...` is not expanded.
        return Some(path.to_owned());
    }
    let home = home?;
    let home = home.strip_suffix(['/', '\\']).unwrap_or(home);
    Some(format!("{home}{rest}"))
}

/// Where the config and credentials files are and which profile is selected.
pub fn locate_files(env: impl Fn(&str) -> Option<String>, platform: Platform) -> FileLocations {
    let env: &dyn Fn(&str) -> Option<String> = &env;
    let home = home_dir(env, platform);
    let sep = platform.separator();
    let resolve = |override_var: &str, file_name: &str| -> Option<PathBuf> {
        match non_empty(env, override_var) {
            Some(path) => expand_home(&path, home.as_deref(), platform).map(PathBuf::from),
            None => {
                let home = home.as_deref()?;
                let home = home.strip_suffix(['/', '\\']).unwrap_or(home);
                Some(PathBuf::from(format!("{home}{sep}.aws{sep}{file_name}")))
            }
        }
    };
    FileLocations {
        config: resolve(ENV_CONFIG_FILE, "config"),
        credentials: resolve(ENV_CREDENTIALS_FILE, "credentials"),
        profile: selected_profile(env),
    }
}

/// The selected profile name: `AWS_PROFILE`, else `default`.
pub fn selected_profile(env: impl Fn(&str) -> Option<String>) -> String {
    non_empty(&env, ENV_PROFILE).unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
}

/// The files [`load`] found and parsed.
#[derive(Debug, Clone)]
pub struct LoadedProfiles {
    /// The merged profiles.
    pub profiles: ProfileSet,
    /// Where the files were looked for, and the selected profile.
    pub locations: FileLocations,
}

/// Why [`load`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// A file exists but could not be read.
    Read {
        /// The file's path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A file could not be parsed.
    Parse(ProfileParseError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Read { path, source } => {
                write!(f, "failed to read `{}`: {source}", path.display())
            }
            LoadError::Parse(e) => e.fmt(f),
        }
    }
}

impl Error for LoadError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            LoadError::Read { source, .. } => Some(source),
            LoadError::Parse(e) => Some(e),
        }
    }
}

/// Locates, reads and parses both files. `read` returns a file's text; a file that does not
/// exist (`io::ErrorKind::NotFound`) or whose path is unknown counts as empty. Pass
/// `|p| std::fs::read_to_string(p)` for the real file system.
pub fn load(
    env: impl Fn(&str) -> Option<String>,
    platform: Platform,
    read: impl Fn(&Path) -> io::Result<String>,
) -> Result<LoadedProfiles, LoadError> {
    let locations = locate_files(env, platform);
    let read_one = |path: &Option<PathBuf>| -> Result<String, LoadError> {
        let Some(path) = path else {
            return Ok(String::new());
        };
        match read(path) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
            Err(source) => Err(LoadError::Read {
                path: path.clone(),
                source,
            }),
        }
    };
    let config = read_one(&locations.config)?;
    let credentials = read_one(&locations.credentials)?;
    let config_path = locations.config.as_ref().map(|p| p.to_string_lossy());
    let credentials_path = locations.credentials.as_ref().map(|p| p.to_string_lossy());
    let mut config_source = ProfileSource::new(FileKind::Config, &config);
    if let Some(p) = &config_path {
        config_source = config_source.with_path(p);
    }
    let mut credentials_source = ProfileSource::new(FileKind::Credentials, &credentials);
    if let Some(p) = &credentials_path {
        credentials_source = credentials_source.with_path(p);
    }
    let profiles = ProfileSet::parse_sources(&[config_source, credentials_source])
        .map_err(LoadError::Parse)?;
    Ok(LoadedProfiles {
        profiles,
        locations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn tilde_expansion() {
        let home = Some("/home/u");
        assert_eq!(
            expand_home("~", home, Platform::Unix).as_deref(),
            Some("/home/u")
        );
        assert_eq!(
            expand_home("~/x", home, Platform::Unix).as_deref(),
            Some("/home/u/x")
        );
        assert_eq!(
            expand_home("~x", home, Platform::Unix).as_deref(),
            Some("~x")
        );
        assert_eq!(
            expand_home("~\\x", home, Platform::Unix).as_deref(),
            Some("~\\x")
        );
        assert_eq!(
            expand_home("~\\x", Some("C:\\u\\"), Platform::Windows).as_deref(),
            Some("C:\\u\\x")
        );
        assert_eq!(expand_home("~/x", None, Platform::Unix), None);
        assert_eq!(
            expand_home("/abs", None, Platform::Unix).as_deref(),
            Some("/abs")
        );
    }

    #[test]
    fn override_with_tilde_and_no_home() {
        let loc = locate_files(env(&[("AWS_CONFIG_FILE", "~/cfg")]), Platform::Unix);
        assert_eq!(loc.config, None);
        assert_eq!(loc.credentials, None);
        let loc = locate_files(
            env(&[("AWS_CONFIG_FILE", "~/cfg"), ("HOME", "/h/")]),
            Platform::Unix,
        );
        assert_eq!(loc.config.as_deref(), Some(Path::new("/h/cfg")));
        assert_eq!(
            loc.credentials.as_deref(),
            Some(Path::new("/h/.aws/credentials"))
        );
    }

    #[test]
    fn load_treats_missing_files_as_empty() {
        let loaded = load(env(&[("HOME", "/h")]), Platform::Unix, |p| {
            if p == Path::new("/h/.aws/credentials") {
                Ok("[default]\naws_access_key_id = a".to_owned())
            } else {
                Err(io::Error::from(io::ErrorKind::NotFound))
            }
        })
        .unwrap();
        assert_eq!(
            loaded
                .profiles
                .get("default")
                .unwrap()
                .get("aws_access_key_id"),
            Some("a")
        );
        let e = load(env(&[("HOME", "/h")]), Platform::Unix, |_| {
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        })
        .unwrap_err();
        assert!(e.to_string().contains("/h/.aws/config"), "{e}");
        let e = load(env(&[("HOME", "/h")]), Platform::Unix, |_| {
            Ok("x = y".into())
        })
        .unwrap_err();
        assert!(e.to_string().contains("`/h/.aws/config` on line 1"), "{e}");
    }
}
