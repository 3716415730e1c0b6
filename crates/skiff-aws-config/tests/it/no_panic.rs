//! Random inputs through every entry point must not panic, parse errors never quote the secret
//! marker planted in the input, and `Debug` output of secret-holding values hides it.

use std::io;

use skiff_aws_config::{
    container_endpoint, imds_endpoint, locate_files, profile_chain, uri, ImdsOverrides, Platform,
    ProfileSet,
};

const SECRET: &str = "S3KR1T";

/// A small deterministic xorshift generator (no dependencies).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let len = items.len() as u64;
        items[(self.next() % len) as usize]
    }
}

const PIECES: &[&str] = &[
    "[",
    "]",
    "=",
    " ",
    "\t",
    "\n",
    "\r\n",
    "#",
    ";",
    "profile",
    "default",
    "sso-session",
    "services",
    "a",
    "b",
    "A",
    "role_arn",
    "source_profile",
    "credential_source",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "web_identity_token_file",
    "credential_process",
    "Environment",
    "Ec2InstanceMetadata",
    "duration_seconds",
    "9",
    "\u{e9}",
    "\u{1F602}",
    ":",
    "/",
    "%",
    "@",
    "http://",
    "https://",
    "[::1]",
    "127.0.0.1",
    "~",
    "\\",
    SECRET,
];

fn random_text(rng: &mut Rng, max: u64) -> String {
    let n = rng.next() % max;
    (0..n).map(|_| rng.pick(PIECES)).collect()
}

#[test]
fn random_inputs_never_panic_or_leak() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let config = random_text(&mut rng, 60);
        let credentials = random_text(&mut rng, 60);
        match ProfileSet::parse(&config, &credentials) {
            Err(e) => assert!(!e.to_string().contains(SECRET), "{e}"),
            Ok(set) => {
                let names: Vec<String> = set.profiles().map(|p| p.name().to_owned()).collect();
                for name in names.iter().map(String::as_str).chain(["default", "zz"]) {
                    match profile_chain(&set, name) {
                        Ok(chain) => drop(format!("{chain:?}")),
                        // Errors may quote profile names, which can be random text here (the
                        // marker included); values are never quoted, see the unit tests.
                        Err(e) => drop(e.to_string()),
                    }
                }
                let _ = format!("{set:?}");
            }
        }
        let value = random_text(&mut rng, 12);
        let _ = uri::parse(&value);
        let env = |name: &str| match name {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI"
            | "AWS_EC2_METADATA_SERVICE_ENDPOINT"
            | "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"
            | "AWS_CONFIG_FILE"
            | "HOME" => Some(value.clone()),
            _ => None,
        };
        let _ = container_endpoint(env, |_| Err(io::Error::other("no dns")));
        let _ = imds_endpoint(env, None, ImdsOverrides::default());
        let _ = locate_files(env, Platform::Windows);
        let _ = locate_files(env, Platform::Unix);
    }
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let set = ProfileSet::parse(
        &format!("[profile a]\naws_secret_access_key = {SECRET}\ns3 =\n  sk = {SECRET}\n"),
        &format!(
            "[a]\naws_session_token = {SECRET}\ncredential_process = run --key {SECRET}\n\
             aws_access_key_id = AKID\n[b]\nrole_arn = r\nsource_profile = a\n"
        ),
    )
    .expect("valid files");
    let debug = format!("{set:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    let chain = profile_chain(&set, "b").expect("valid chain");
    let debug = format!("{chain:?}");
    assert!(!debug.contains(SECRET), "{debug}");
}
