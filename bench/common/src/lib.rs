//! Shared by the three one-call programs (`skiff-call`, `sdk-call`, `floor-call`): the command
//! line, the measurement loop, `getrusage`, the one-line JSON result, and the values the stub
//! sends (`bench/data/get_third_party_job_details.json`), which every program checks once.

use std::time::{Duration, Instant};

/// The canned response body the stub server sends and the parse bench reads.
pub const RESPONSE_BODY: &[u8] = include_bytes!("../../data/get_third_party_job_details.json");

/// The request id header value the stub sends.
pub const REQUEST_ID: &str = "5b0d2d1c-6a1f-4c55-9a7e-benchstub0001";

/// What the programs check in the parsed output (must match `RESPONSE_BODY`).
pub mod expected {
    pub const JOB_ID: &str = "11111111-2222-4333-8444-555555555555";
    pub const NONCE: &str = "3f6e1a2b-9c8d-4e7f-a1b2-c3d4e5f60718";
    pub const PROVIDER: &str = "SkiffBenchDeployer";
    pub const PIPELINE_NAME: &str = "skiff-bench-pipeline";
    pub const CONFIG_ENTRIES: usize = 4;
    pub const INPUT_BUCKET: &str = "codepipeline-us-east-1-123456789012";
    pub const ACCESS_KEY_ID: &str = "ASIAEXAMPLEBENCHKEY1";
    pub const CONTINUATION_TOKEN: &str = "continuation-token-skiff-bench-0001";
    pub const KMS_KEY: &str =
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
}

/// The fields a program read from its parsed output, compared with [`expected`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Observed {
    pub job_id: Option<String>,
    pub nonce: Option<String>,
    pub provider: Option<String>,
    pub pipeline_name: Option<String>,
    pub config_entries: usize,
    pub input_bucket: Option<String>,
    pub access_key_id: Option<String>,
    pub continuation_token: Option<String>,
    pub kms_key: Option<String>,
}

impl Observed {
    /// Ok when every field matches what the stub sends; else the list of differences.
    pub fn check(&self) -> Result<(), String> {
        let want = Observed {
            job_id: Some(expected::JOB_ID.into()),
            nonce: Some(expected::NONCE.into()),
            provider: Some(expected::PROVIDER.into()),
            pipeline_name: Some(expected::PIPELINE_NAME.into()),
            config_entries: expected::CONFIG_ENTRIES,
            input_bucket: Some(expected::INPUT_BUCKET.into()),
            access_key_id: Some(expected::ACCESS_KEY_ID.into()),
            continuation_token: Some(expected::CONTINUATION_TOKEN.into()),
            kms_key: Some(expected::KMS_KEY.into()),
        };
        if *self == want {
            Ok(())
        } else {
            Err(format!(
                "parsed output differs from the stub's response:\n  got  {self:?}\n  want {want:?}"
            ))
        }
    }
}

/// The command line of a one-call program: `<endpoint-url> <calls>`.
pub struct Args {
    pub endpoint: String,
    pub calls: usize,
}

/// Parses the command line, or exits with a usage message (status 2).
pub fn args(program: &str) -> Args {
    let mut it = std::env::args().skip(1);
    let endpoint = it.next();
    let calls = it.next().map(|c| c.parse::<usize>());
    match (endpoint, calls) {
        (Some(endpoint), Some(Ok(calls))) if calls > 0 && endpoint.starts_with("http") => {
            Args { endpoint, calls }
        }
        _ => {
            eprintln!("usage: {program} <endpoint-url> <calls (> 0)>");
            std::process::exit(2);
        }
    }
}

/// The peak resident set (KiB) of this program: `VmHWM` of `/proc/self/status`, else
/// `ru_maxrss`. (`ru_maxrss` is no good when the program was started by a larger process: Linux
/// carries the high-water mark of the forked image across `exec`.)
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or_else(|| usage().1)
}

/// User + system CPU time and `ru_maxrss` (KiB) of this process, from `getrusage(RUSAGE_SELF)`.
pub fn usage() -> (Duration, u64) {
    // SAFETY: getrusage writes one `rusage` into the zeroed struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    if rc != 0 {
        return (Duration::ZERO, 0);
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (tv(ru.ru_utime) + tv(ru.ru_stime), ru.ru_maxrss as u64)
}

/// Makes one checked call (`check`), then `calls` timed calls (`call`), sequentially, and
/// prints one line of JSON: variant, calls, calls/s, p50/p99 latency (µs), CPU per call (µs),
/// peak RSS (KiB, [`peak_rss_kib`]). Exits with status 1 on the first failed call or check.
pub fn run(
    variant: &str,
    args: &Args,
    check: impl FnOnce() -> Result<Observed, String>,
    mut call: impl FnMut() -> Result<(), String>,
) {
    match check().and_then(|o| o.check()) {
        Ok(()) => {}
        Err(e) => fail(variant, &e),
    }
    let mut latencies = Vec::with_capacity(args.calls);
    let (cpu0, _) = usage();
    let start = Instant::now();
    for _ in 0..args.calls {
        let t = Instant::now();
        if let Err(e) = call() {
            fail(variant, &e);
        }
        latencies.push(t.elapsed());
    }
    let wall = start.elapsed();
    let (cpu1, _) = usage();
    let maxrss = peak_rss_kib();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i.min(latencies.len() - 1)].as_secs_f64() * 1e6
    };
    println!(
        "{{\"variant\":\"{variant}\",\"calls\":{},\"calls_per_s\":{:.1},\"p50_us\":{:.1},\"p99_us\":{:.1},\"cpu_us_per_call\":{:.2},\"maxrss_kib\":{maxrss}}}",
        args.calls,
        args.calls as f64 / wall.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        (cpu1 - cpu0).as_secs_f64() * 1e6 / args.calls as f64,
    );
}

fn fail(variant: &str, e: &str) -> ! {
    eprintln!("{variant}: error: {e}");
    std::process::exit(1);
}
