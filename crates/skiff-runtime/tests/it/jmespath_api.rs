#![cfg(feature = "jmespath")]
//! The public API as the runtime will use it (waiter matchers, context-param paths), and the
//! no-panic / bounded-stack guarantees.

use std::sync::LazyLock;

use skiff_runtime::jmespath::{compile, ErrorKind, Expression, Variable, MAX_EXPRESSION_DEPTH};

fn json(text: &str) -> Variable {
    Variable::from_json(text).expect("valid JSON")
}

fn search(expr: &str, data: &Variable) -> Variable {
    compile(expr)
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
        .search(data)
        .unwrap_or_else(|e| panic!("{expr}: {e}"))
}

#[test]
fn waiter_style_expressions() {
    let data = json(
        r#"{"Stacks": [{"StackStatus": "CREATE_COMPLETE"}, {"StackStatus": "CREATE_FAILED"}],
            "Deployments": [{"Status": "Ok"}, {"Status": "Failed"}],
            "Table": {"TableStatus": "ACTIVE"}}"#,
    );
    assert_eq!(
        search("Stacks[].StackStatus", &data),
        json(r#"["CREATE_COMPLETE", "CREATE_FAILED"]"#)
    );
    assert_eq!(
        search("length(Deployments[?Status=='Failed']) > `0`", &data),
        Variable::Bool(true)
    );
    assert_eq!(search("Table.TableStatus", &data).as_str(), Some("ACTIVE"));
    assert_eq!(
        search("contains(Stacks[].StackStatus, 'CREATE_FAILED')", &data),
        Variable::Bool(true)
    );
    assert_eq!(search("Missing.Path[0].x", &data), Variable::Null);
    assert_eq!(
        search("{s: Stacks[0].StackStatus, n: length(Stacks)}", &data),
        json(r#"{"s": "CREATE_COMPLETE", "n": 2}"#)
    );
}

#[test]
fn built_from_typed_values() {
    // What the runtime's converter produces: objects in schema order, numbers as f64.
    let item = |key: &str, size: i64| {
        Variable::object([("Key", Variable::from(key)), ("Size", Variable::from(size))])
    };
    let data = Variable::object([("Objects", Variable::array(vec![item("a", 1), item("b", 2)]))]);
    assert_eq!(search("Objects[*].Key", &data), json(r#"["a", "b"]"#));
    assert_eq!(search("sum(Objects[].Size)", &data), Variable::from(3));
    assert_eq!(
        search("max_by(Objects, &Size).Key", &data),
        Variable::from("b")
    );
    assert_eq!(
        data.get("Objects")
            .and_then(Variable::as_array)
            .map(<[_]>::len),
        Some(2)
    );
}

#[test]
fn compile_once_in_a_static() {
    static MATCHER: LazyLock<Expression> =
        LazyLock::new(|| compile("Items[?ok].id").expect("valid expression"));
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Expression>();
    assert_send_sync::<Variable>();
    let data = json(r#"{"Items": [{"ok": true, "id": 1}, {"ok": false, "id": 2}]}"#);
    for _ in 0..3 {
        assert_eq!(MATCHER.search(&data).unwrap(), json("[1]"));
    }
    assert_eq!(MATCHER.as_str(), "Items[?ok].id");
    assert_eq!(MATCHER.to_string(), "Items[?ok].id");
    assert!("a.b".parse::<Expression>().is_ok());
}

#[test]
fn error_kinds_and_messages() {
    let e = compile("foo[?").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Syntax);
    assert_eq!(e.kind().as_str(), "syntax");
    assert!(e.to_string().contains("offset 5"), "{e}");
    let e = compile("abs(@)")
        .unwrap()
        .search(&json(r#""secret""#))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidType);
    // Messages name types, never data.
    assert!(!e.to_string().contains("secret"), "{e}");
    assert!(e.to_string().contains("string"), "{e}");
    assert_eq!(
        compile("&a")
            .unwrap()
            .search(&Variable::Null)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidType
    );
}

#[test]
fn float_edge_values_do_not_panic() {
    let data = Variable::array(vec![
        Variable::Number(f64::NAN),
        Variable::Number(1.0),
        Variable::Number(f64::NEG_INFINITY),
        Variable::Number(-0.0),
        Variable::Number(0.0),
    ]);
    let sorted = search("sort(@)", &data);
    assert_eq!(sorted.as_array().map(<[_]>::len), Some(5));
    assert_eq!(
        search("sort(@)[0]", &data),
        Variable::Number(f64::NEG_INFINITY)
    );
    assert_eq!(search("[?@ > `0`]", &data), json("[1]"));
    assert_eq!(
        search("max(@)", &data).as_f64().map(f64::is_nan),
        Some(true)
    );
    assert_eq!(
        search("to_string(@)", &data),
        Variable::from("[null,1,null,-0,0]")
    );
    search("sort_by(@, &@)", &data);
    search("min_by(@, &@)", &data);
    search("avg(@)", &data);
}

/// The largest `n` for which `make(n)` compiles (they all fail with `LimitExceeded` beyond).
fn deepest(make: impl Fn(usize) -> String) -> String {
    let mut best = make(1);
    for n in 1..=MAX_EXPRESSION_DEPTH * 2 {
        match compile(&make(n)) {
            Ok(_) => best = make(n),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", make(n));
                break;
            }
        }
    }
    best
}

/// `{"a": [{"a": [... null]}]}` nested `n` times.
fn nested_data(n: usize) -> Variable {
    let mut v = Variable::Null;
    for _ in 0..n {
        v = Variable::object([("a", Variable::array(vec![v]))]);
    }
    v
}

#[test]
fn deepest_expressions_evaluate_on_a_small_stack() {
    let shapes: Vec<Box<dyn Fn(usize) -> String>> = vec![
        Box::new(|n| vec!["a"; n].join(".")),
        Box::new(|n| "!".repeat(n) + "a"),
        Box::new(|n| "(".repeat(n) + "a" + &")".repeat(n)),
        Box::new(|n| "[".repeat(n) + "a" + &"]".repeat(n)),
        Box::new(|n| "{a:".repeat(n) + "a" + &"}".repeat(n)),
        Box::new(|n| "to_array(".repeat(n) + "a" + &")".repeat(n)),
        Box::new(|n| "a".to_string() + &"[*].a".repeat(n)),
        Box::new(|n| "a".to_string() + &"[].a".repeat(n)),
        Box::new(|n| "a".to_string() + &"[?a].a".repeat(n)),
        Box::new(|n| "map(&".repeat(n) + "a" + &", a[])".repeat(n)),
        Box::new(|n| "sort_by(a, &".repeat(n) + "length(a)" + &")".repeat(n)),
        Box::new(|n| vec!["a"; n].join(" || ")),
        Box::new(|n| vec!["a"; n].join(" | ")),
        Box::new(|n| "a".to_string() + &"[0]".repeat(n)),
    ];
    let data = nested_data(MAX_EXPRESSION_DEPTH + 10);
    let expressions: Vec<String> = shapes.iter().map(deepest).collect();
    // 1 MiB, half of a tokio worker's default stack, in an unoptimized build.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for expr in &expressions {
                let compiled = compile(expr).expect("compiles");
                let _ = compiled.search(&data);
                let _ = compiled.search(&Variable::Null);
            }
            // The nested data is dropped here, recursively: keep it within the budget too.
        })
        .expect("thread starts")
        .join()
        .expect("no stack overflow or panic");
}

/// xorshift64*: a small deterministic generator, so the fuzz run is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// A random expression of nesting at most `depth`: mostly valid, built from the grammar.
fn random_expression(rng: &mut Rng, depth: u32) -> String {
    const LEAVES: &[&str] = &[
        "a",
        "b",
        "foo",
        "@",
        "`1`",
        "`\"x\"`",
        "`[1,[2]]`",
        "`{\"a\":1}`",
        "'s'",
        "`null`",
        "\"a\"",
        "*",
        "[*]",
        "[]",
        "[0]",
        "[-1]",
        "[::-1]",
        "[1:]",
    ];
    const FUNCTIONS: &[&str] = &[
        "length",
        "sort_by",
        "max_by",
        "min_by",
        "map",
        "to_string",
        "to_number",
        "merge",
        "not_null",
        "abs",
        "contains",
        "join",
        "sort",
        "reverse",
        "keys",
        "values",
        "sum",
        "avg",
        "type",
        "to_array",
        "floor",
        "ceil",
        "starts_with",
        "ends_with",
        "max",
        "min",
    ];
    const OPERATORS: &[&str] = &["||", "&&", "|", "==", "!=", "<", "<=", ">", ">="];
    if depth == 0 {
        return rng.pick(LEAVES).to_string();
    }
    let mut sub = || random_expression(rng, depth - 1);
    let (x, y) = (sub(), sub());
    match rng.next() % 14 {
        0 => format!(
            "{x}.{}",
            rng.pick(&["a", "b", "*", "[a, b]", "{k: a}", "length(@)"])
        ),
        1 => format!(
            "{x}{}",
            rng.pick(&["[0]", "[-1]", "[1:2]", "[::-1]", "[*]", "[]"])
        ),
        2 => format!("{x}[?{y}]"),
        3 => format!("[{x}, {y}]"),
        4 => format!("{{k: {x}, j: {y}}}"),
        5 => format!("{x} {} {y}", rng.pick(OPERATORS)),
        6 => format!("!{x}"),
        7 => format!("({x})"),
        8 => format!("{}({x})", rng.pick(FUNCTIONS)),
        9 => format!("{}({x}, {y})", rng.pick(FUNCTIONS)),
        10 => format!("{}(&{x}, {y})", rng.pick(FUNCTIONS)),
        11 => format!("{}({x}, &{y})", rng.pick(FUNCTIONS)),
        12 => format!("{x}[*].{y}"),
        _ => x,
    }
}

/// Deletes or duplicates one character.
fn corrupt(rng: &mut Rng, expr: &str) -> String {
    let chars: Vec<char> = expr.chars().collect();
    let at = (rng.next() % chars.len().max(1) as u64) as usize;
    let mut out: String = chars[..at].iter().collect();
    if rng.next().is_multiple_of(2) {
        out.extend(chars.get(at));
    }
    out.extend(chars.get(at..).into_iter().flatten());
    out
}

#[test]
fn random_expressions_never_panic() {
    let data = json(
        r#"{"a": [1, "x", {"a": [2, 3], "b": "y"}, [4, [5]], null, true],
            "b": {"a": {"b": 1}, "foo": [{"a": 1}, {"a": "2"}]},
            "foo": "bar"}"#,
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut compiled, mut evaluated) = (0, 0);
    for i in 0..20_000 {
        let depth = (rng.next() % 4) as u32;
        let mut expr = random_expression(&mut rng, depth);
        if i % 4 == 0 {
            expr = corrupt(&mut rng, &expr);
        }
        if let Ok(e) = compile(&expr) {
            compiled += 1;
            for input in [&data, &Variable::Null] {
                if e.search(input).is_ok() {
                    evaluated += 1;
                }
            }
        }
    }
    // The generator must reach the evaluator often enough for the test to mean something.
    assert!(
        compiled > 5_000,
        "only {compiled} random expressions compiled"
    );
    assert!(evaluated > 5_000, "only {evaluated} evaluations succeeded");
}

#[test]
fn documented_semantics() {
    let data = json(r#"{"a": {"b": false}, "foo": [{"bar": [1, 2]}, {"bar": [3]}], "s": "abc"}"#);
    // `!` binds tighter than `.` (as in the reference implementations): `!a.b` is `(!a).b`.
    assert_eq!(search("!a.b", &data), Variable::Null);
    assert_eq!(search("!(a.b)", &data), Variable::Bool(true));
    // A pipe ends a projection; `[]` flattens the projection's results.
    assert_eq!(search("foo[*].bar | [0]", &data), json("[1, 2]"));
    assert_eq!(search("foo[*].bar[0]", &data), json("[1, 3]"));
    assert_eq!(search("foo[].bar[]", &data), json("[1, 2, 3]"));
    // Slices apply to arrays only.
    assert_eq!(search("s[0:1]", &data), Variable::Null);
    // A sub-expression does not stop at null: functions still see (and type-check) it.
    assert_eq!(
        compile("missing.length(@)")
            .unwrap()
            .search(&data)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidType
    );
    // Comparisons: numbers by value, ordering only between numbers.
    assert_eq!(search("`1` == `1.0`", &data), Variable::Bool(true));
    assert_eq!(search("s < 'b'", &data), Variable::Null);
    assert_eq!(
        search("{x: `[1, {\"k\": 2}]`} == {x: `[1, {\"k\": 2.0}]`}", &data),
        Variable::Bool(true)
    );
}
