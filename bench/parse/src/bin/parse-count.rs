//! `parse-count <variant> <calls>`: makes `<calls>` in-memory calls of one variant (see the
//! crate docs) and prints how many ran. `cargo xtask bench` runs it under
//! `valgrind --tool=callgrind` with two call counts; the difference of the instruction counts
//! divided by the difference of the calls is the cost of one call, without start-up, and it does
//! not move with the load of a shared machine as times do.
//!
//! Variants: `skiff_full`, `skiff_empty`, `sdk_full`, `sdk_empty`, `floor_full`, `floor_empty`,
//! `serde_derive_parse`.

use std::hint::black_box;
use std::process::ExitCode;

use bench_parse::{
    floor_call, runtime, sdk_client, sdk_send, serde_parse, skiff_client, skiff_send, EMPTY_BODY,
    RESPONSE_BODY,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(variant), Some(Ok(calls))) = (args.first(), args.get(1).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: parse-count <variant> <calls>");
        return ExitCode::from(2);
    };
    let body = if variant.ends_with("_empty") {
        EMPTY_BODY
    } else {
        RESPONSE_BODY
    };
    let rt = runtime();
    match variant.as_str() {
        "skiff_full" | "skiff_empty" => {
            let client = skiff_client(body);
            for _ in 0..calls {
                black_box(skiff_send(&rt, &client));
            }
        }
        "sdk_full" | "sdk_empty" => {
            let client = sdk_client(body);
            for _ in 0..calls {
                black_box(sdk_send(&rt, &client));
            }
        }
        "floor_full" | "floor_empty" => {
            for _ in 0..calls {
                black_box(floor_call(body));
            }
        }
        "serde_derive_parse" => {
            for _ in 0..calls {
                black_box(serde_parse(RESPONSE_BODY));
            }
        }
        other => {
            eprintln!("parse-count: unknown variant `{other}`");
            return ExitCode::from(2);
        }
    }
    println!("{variant} {calls}");
    ExitCode::SUCCESS
}
