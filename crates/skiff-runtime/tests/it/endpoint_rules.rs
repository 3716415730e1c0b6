//! Behaviour of the rules engine through its public API, on small hand-written rule sets:
//! parameters and defaults, scoping, templates, endpoint results, the 1.1 functions, typed
//! errors, and rejection of malformed rule sets.
#![cfg(feature = "endpoint-rules")]

use std::collections::BTreeMap;

use serde_json::{json, Value};
use skiff_runtime::endpoint::rules::{
    Document, Number, ParamType, ParamValue, Params, ResolveError, RuleSet,
};

/// A rule set with the given parameters and rules.
fn rule_set(parameters: Value, rules: Value) -> RuleSet {
    let document = json!({"version": "1.1", "parameters": parameters, "rules": rules});
    RuleSet::parse(&document.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn parse_error(parameters: Value, rules: Value) -> (String, String) {
    let document = json!({"version": "1.0", "parameters": parameters, "rules": rules});
    let error = RuleSet::parse(&document.to_string()).expect_err("malformed rule set");
    (error.location().to_owned(), error.to_string())
}

fn endpoint(url: Value) -> Value {
    json!({"type": "endpoint", "conditions": [], "endpoint": {"url": url}})
}

fn url(rule_set: &RuleSet, params: &Params) -> Result<String, ResolveError> {
    rule_set.resolve(params).map(|e| e.url)
}

fn string_param() -> Value {
    json!({"type": "string", "documentation": "x"})
}

#[test]
fn defaults_required_and_parameter_checks() {
    let rs = rule_set(
        json!({
            "Region": {"type": "String", "required": true, "documentation": "r", "builtIn": "AWS::Region"},
            "UseFIPS": {"type": "Boolean", "required": true, "default": false, "documentation": "f",
                        "deprecated": {"message": "use something else", "since": "2024-01-01"}},
            "Tags": {"type": "stringArray", "required": true, "default": ["a", "b"], "documentation": "t"},
        }),
        json!([
            {"type": "endpoint",
             "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
             "endpoint": {"url": "https://fips.{Region}.example.com"}},
            {"type": "endpoint",
             "conditions": [{"fn": "getAttr", "argv": [{"ref": "Tags"}, "[-1]"], "assign": "last"}],
             "endpoint": {"url": "https://{last}.{Region}.example.com"}},
        ]),
    );
    let names: Vec<&str> = rs.parameters().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Region", "Tags", "UseFIPS"]);
    let fips = rs.parameter("UseFIPS").expect("declared");
    assert_eq!(fips.param_type, ParamType::Boolean);
    assert_eq!(fips.default, Some(ParamValue::Bool(false)));
    assert_eq!(
        fips.deprecated.as_ref().and_then(|d| d.since.as_deref()),
        Some("2024-01-01")
    );
    assert_eq!(
        rs.parameter("Region").and_then(|p| p.built_in.as_deref()),
        Some("AWS::Region")
    );
    assert_eq!(rs.version(), "1.1");

    let region = Params::new().with("Region", "us-east-1");
    assert_eq!(
        url(&rs, &region).unwrap(),
        "https://b.us-east-1.example.com"
    );
    let fips = region.clone().with("UseFIPS", true);
    assert_eq!(
        url(&rs, &fips).unwrap(),
        "https://fips.us-east-1.example.com"
    );
    let tags = region
        .clone()
        .with("Tags", vec!["x".to_owned(), "y".to_owned(), "z".to_owned()]);
    assert_eq!(url(&rs, &tags).unwrap(), "https://z.us-east-1.example.com");
    // An empty array: `[-1]` gives nothing, so no rule matches.
    let empty = region.clone().with("Tags", Vec::<String>::new());
    assert_eq!(url(&rs, &empty), Err(ResolveError::NoRuleMatched));

    assert_eq!(
        url(&rs, &Params::new()),
        Err(ResolveError::MissingParameter("Region".to_owned()))
    );
    assert_eq!(
        url(&rs, &region.clone().with("Bogus", true)),
        Err(ResolveError::UnknownParameter("Bogus".to_owned()))
    );
    assert_eq!(
        url(&rs, &region.clone().with("UseFIPS", "yes")),
        Err(ResolveError::ParameterType {
            name: "UseFIPS".to_owned(),
            expected: ParamType::Boolean,
            found: ParamType::String,
        })
    );
}

#[test]
fn params_api() {
    let mut params = Params::with_capacity(2);
    assert!(params.is_empty());
    params.insert("A", "1").insert("B", true).insert("A", "2");
    assert_eq!(params.len(), 2);
    assert_eq!(params.get("A"), Some(&ParamValue::String("2".to_owned())));
    assert_eq!(params.remove("B"), Some(ParamValue::Bool(true)));
    assert_eq!(params.get("B"), None);
    let names: Vec<&str> = params.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["A"]);
    params.insert(String::from("Dynamic"), String::from("owned"));
    assert_eq!(params.len(), 2);
}

#[test]
fn templates_headers_and_properties() {
    let rs = rule_set(
        json!({"Region": string_param(), "Account": string_param()}),
        json!([{
            "type": "endpoint",
            "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"},
            ],
            "endpoint": {
                "url": "https://svc.{Region}.{p#dnsSuffix}/{{literal}}",
                "headers": {
                    "x-b": ["{Region}", {"ref": "Region"}, "static"],
                    "x-a": [{"fn": "uriEncode", "argv": ["a b/{Region}"]}],
                },
                "properties": {
                    "authSchemes": [{"name": "sigv4", "signingRegion": "{Region}",
                                     "disableDoubleEncoding": true}],
                    "static": {"n": 1, "neg": -2, "f": 1.5, "list": ["x", false], "esc": "{{x}}"},
                    "partition": "{p#name}",
                },
            },
        }]),
    );
    let endpoint = rs
        .resolve(&Params::new().with("Region", "cn-north-1"))
        .expect("resolves");
    assert_eq!(
        endpoint.url,
        "https://svc.cn-north-1.amazonaws.com.cn/{literal}"
    );
    assert_eq!(
        endpoint.headers,
        [
            ("x-a".to_owned(), vec!["a%20b%2Fcn-north-1".to_owned()]),
            (
                "x-b".to_owned(),
                vec![
                    "cn-north-1".to_owned(),
                    "cn-north-1".to_owned(),
                    "static".to_owned()
                ]
            ),
        ]
    );
    let s = |v: &str| Document::String(v.to_owned());
    let object = |members: Vec<(&str, Document)>| {
        Document::Object(
            members
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<BTreeMap<_, _>>(),
        )
    };
    let expected: BTreeMap<String, Document> = [
        (
            "authSchemes".to_owned(),
            Document::Array(vec![object(vec![
                ("name", s("sigv4")),
                ("signingRegion", s("cn-north-1")),
                ("disableDoubleEncoding", Document::Bool(true)),
            ])]),
        ),
        (
            "static".to_owned(),
            object(vec![
                ("n", Document::Number(Number::PosInt(1))),
                ("neg", Document::Number(Number::NegInt(-2))),
                ("f", Document::Number(Number::Float(1.5))),
                ("list", Document::Array(vec![s("x"), Document::Bool(false)])),
                ("esc", s("{x}")),
            ]),
        ),
        ("partition".to_owned(), s("aws-cn")),
    ]
    .into_iter()
    .collect();
    assert_eq!(endpoint.properties, expected);
}

#[test]
fn error_rules_trees_and_exhaustion() {
    let rs = rule_set(
        json!({"Region": string_param(), "Mode": string_param()}),
        json!([
            {"type": "error",
             "conditions": [{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]}],
             "error": "Region must be set"},
            {"type": "tree",
             "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "special"]}],
             "rules": [
                {"type": "endpoint",
                 "conditions": [{"fn": "isSet", "argv": [{"ref": "Mode"}]}],
                 "endpoint": {"url": "https://special.example.com"}},
             ]},
            {"type": "error", "conditions": [], "error": "Unsupported region {Region}: {{sorry}}"},
        ]),
    );
    assert_eq!(
        url(&rs, &Params::new()),
        Err(ResolveError::Rule("Region must be set".to_owned()))
    );
    let special = Params::new().with("Region", "special");
    // The tree's conditions hold but none of its rules match: the tree is exhausted, and
    // evaluation does not go on to the rules after it.
    assert_eq!(url(&rs, &special), Err(ResolveError::NoRuleMatched));
    assert_eq!(
        url(&rs, &special.with("Mode", "m")).unwrap(),
        "https://special.example.com"
    );
    let error = url(&rs, &Params::new().with("Region", "mars")).unwrap_err();
    assert_eq!(error.to_string(), "Unsupported region mars: {sorry}");

    let exhausted = rule_set(
        json!({"Region": string_param()}),
        json!([{"type": "endpoint",
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                "endpoint": {"url": "https://x"}}]),
    );
    assert_eq!(
        url(&exhausted, &Params::new()),
        Err(ResolveError::NoRuleMatched)
    );
}

#[test]
fn variables_are_scoped_to_their_rule() {
    // A variable bound in a tree is visible in its sub-rules; sibling rules may reuse a name.
    let rs = rule_set(
        json!({"Endpoint": string_param()}),
        json!([
            {"type": "tree",
             "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"},
             ],
             "rules": [
                {"type": "endpoint",
                 "conditions": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}],
                 "endpoint": {"url": "{url#scheme}://ip-{url#authority}{url#normalizedPath}"}},
                {"type": "endpoint", "conditions": [],
                 "endpoint": {"url": "{url#scheme}://{url#authority}{url#path}"}},
             ]},
            {"type": "endpoint",
             "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                {"fn": "substring", "argv": [{"ref": "Endpoint"}, 0, 3, false], "assign": "url"},
             ],
             "endpoint": {"url": "https://{url}.example.com"}},
            {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://default"}},
        ]),
    );
    let with = |e: &str| Params::new().with("Endpoint", e);
    assert_eq!(
        url(&rs, &with("https://127.0.0.1:8080/p")).unwrap(),
        "https://ip-127.0.0.1:8080/p/"
    );
    assert_eq!(
        url(&rs, &with("HTTP://example.com/a/b")).unwrap(),
        "http://example.com/a/b"
    );
    assert_eq!(
        url(&rs, &with("not a url")).unwrap(),
        "https://not.example.com"
    );
    assert_eq!(url(&rs, &with("ab")).unwrap(), "https://default");
    assert_eq!(url(&rs, &Params::new()).unwrap(), "https://default");

    // A variable is not visible outside its rule...
    let (location, message) = parse_error(
        json!({"Region": string_param()}),
        json!([
            {"type": "endpoint",
             "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
             "endpoint": {"url": "https://x"}},
            endpoint(json!("https://{p#name}")),
        ]),
    );
    assert_eq!(location, "rules[1].endpoint.url");
    assert!(message.contains("`p`"), "{message}");
    // ...nor before its condition...
    let (location, _) = parse_error(
        json!({"Region": string_param()}),
        json!([{"type": "endpoint",
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "p"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}],
                "endpoint": {"url": "https://x"}}]),
    );
    assert_eq!(location, "rules[0].conditions[0].argv[0].ref");
    // ...and must not shadow a parameter or a variable in scope.
    let (location, message) = parse_error(
        json!({"Region": string_param()}),
        json!([{"type": "endpoint",
                "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}],
                "endpoint": {"url": "https://x"}}]),
    );
    assert_eq!(location, "rules[0].conditions[0].assign");
    assert!(message.contains("shadow"), "{message}");
}

#[test]
fn arn_and_bucket_functions() {
    let rs = rule_set(
        json!({"Bucket": string_param()}),
        json!([
            {"type": "endpoint",
             "conditions": [
                {"fn": "aws.parseArn", "argv": [{"ref": "Bucket"}], "assign": "arn"},
                {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "name"},
                {"fn": "isValidHostLabel", "argv": [{"ref": "name"}, false]},
             ],
             "endpoint": {"url": "https://{name}-{arn#accountId}.{arn#service}.{arn#region}.amazonaws.com"}},
            {"type": "endpoint",
             "conditions": [
                {"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                {"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Bucket"}, true]},
             ],
             "endpoint": {"url": "https://{Bucket}.s3.amazonaws.com"}},
            endpoint(json!("https://s3.amazonaws.com")),
        ]),
    );
    let with = |b: &str| Params::new().with("Bucket", b);
    assert_eq!(
        url(
            &rs,
            &with("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap")
        )
        .unwrap(),
        "https://my-ap-123456789012.s3.us-west-2.amazonaws.com"
    );
    // resourceId[1] out of range: the condition fails.
    assert_eq!(
        url(&rs, &with("arn:aws:s3:us-west-2:123456789012:accesspoint")).unwrap(),
        "https://s3.amazonaws.com"
    );
    assert_eq!(
        url(&rs, &with("my.bucket")).unwrap(),
        "https://my.bucket.s3.amazonaws.com"
    );
    assert_eq!(
        url(&rs, &with("192.168.1.1")).unwrap(),
        "https://s3.amazonaws.com"
    );
    assert_eq!(
        url(&rs, &with("My_Bucket")).unwrap(),
        "https://s3.amazonaws.com"
    );
}

#[test]
fn functions_of_version_1_1() {
    let rs = rule_set(
        json!({"Bucket": string_param(), "Flag": {"type": "boolean", "documentation": "f"}}),
        json!([{
            "type": "endpoint",
            "conditions": [
                {"fn": "coalesce", "argv": [{"ref": "Bucket"}, "default--zone--x"], "assign": "b"},
                {"fn": "split", "argv": [{"ref": "b"}, "--", 0], "assign": "parts"},
                {"fn": "getAttr", "argv": [{"ref": "parts"}, "[-2]"], "assign": "zone"},
                {"fn": "ite", "argv": [
                    {"fn": "coalesce", "argv": [{"ref": "Flag"}, false]}, "-fips", ""],
                 "assign": "suffix"},
                {"fn": "split", "argv": [{"ref": "b"}, "--", 2], "assign": "two"},
                {"fn": "getAttr", "argv": [{"ref": "two"}, "[1]"], "assign": "rest"},
            ],
            "endpoint": {"url": "https://{zone}{suffix}.example.com/{rest}"},
        }]),
    );
    assert_eq!(
        url(&rs, &Params::new()).unwrap(),
        "https://zone.example.com/zone--x"
    );
    assert_eq!(
        url(
            &rs,
            &Params::new().with("Bucket", "a--b--c").with("Flag", true)
        )
        .unwrap(),
        "https://b-fips.example.com/b--c"
    );
    // coalesce returns the first value present even when it is `false`.
    assert_eq!(
        url(&rs, &Params::new().with("Flag", false)).unwrap(),
        "https://zone.example.com/zone--x"
    );
    // A one-part split has no `[-2]`: no rule matches.
    assert_eq!(
        url(&rs, &Params::new().with("Bucket", "plain")),
        Err(ResolveError::NoRuleMatched)
    );
}

#[test]
fn type_errors_are_typed_and_do_not_leak_values() {
    let rs = rule_set(
        json!({"Secret": string_param(), "Flag": {"type": "boolean", "documentation": "f"}}),
        json!([
            {"type": "endpoint",
             "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]}],
             "endpoint": {"url": "https://flag"}},
            {"type": "endpoint",
             "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Secret"}, true]}],
             "endpoint": {"url": "https://x"}},
        ]),
    );
    // An unset optional parameter used without `isSet`.
    let error = url(&rs, &Params::new()).unwrap_err();
    assert_eq!(
        error,
        ResolveError::TypeMismatch {
            context: "booleanEquals",
            expected: "a boolean",
            found: "nothing",
        }
    );
    let params = Params::new().with("Secret", "hunter2").with("Flag", false);
    let error = url(&rs, &params).unwrap_err();
    assert!(matches!(
        error,
        ResolveError::TypeMismatch {
            context: "stringEquals",
            ..
        }
    ));
    assert!(!format!("{error:?} {error}").contains("hunter2"));
}

#[test]
fn invalid_split_arguments_at_run_time() {
    let rs = rule_set(
        json!({"D": string_param()}),
        json!([{"type": "endpoint",
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "D"}]},
                    {"fn": "split", "argv": ["a-b", {"ref": "D"}, 0]}],
                "endpoint": {"url": "https://x"}}]),
    );
    assert_eq!(
        url(&rs, &Params::new().with("D", "")),
        Err(ResolveError::InvalidArgument {
            function: "split",
            reason: "the delimiter must not be empty",
        })
    );
    assert_eq!(
        url(&rs, &Params::new().with("D", "-")).unwrap(),
        "https://x"
    );
}

#[test]
fn malformed_rule_sets_name_the_problem() {
    let p = json!({"Region": string_param()});
    let cond = |c: Value| json!([{"type": "endpoint", "conditions": [c], "endpoint": {"url": "https://x"}}]);
    let cases: Vec<(Value, Value, &str, &str)> = vec![
        (p.clone(), json!([]), "rules", "at least one rule"),
        (p.clone(), json!({}), "rules", "expected an array"),
        (
            p.clone(),
            json!([{"type": "nope", "conditions": []}]),
            "rules[0].type",
            "unknown rule type",
        ),
        (p.clone(), json!([{"conditions": []}]), "rules[0]", "`type`"),
        (
            p.clone(),
            json!([{"type": "endpoint", "conditions": []}]),
            "rules[0]",
            "`endpoint`",
        ),
        (
            p.clone(),
            json!([{"type": "tree", "conditions": [], "rules": []}]),
            "rules[0].rules",
            "at least one",
        ),
        (
            p.clone(),
            cond(json!({"fn": "nope", "argv": []})),
            "rules[0].conditions[0].fn",
            "unknown function `nope`",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": []})),
            "rules[0].conditions[0].argv",
            "takes 1 argument",
        ),
        (
            p.clone(),
            cond(json!({"fn": "stringEquals", "argv": ["a"]})),
            "rules[0].conditions[0].argv",
            "takes 2 arguments",
        ),
        (
            p.clone(),
            cond(json!({"fn": "coalesce", "argv": ["a"]})),
            "rules[0].conditions[0].argv",
            "at least 2",
        ),
        (
            p.clone(),
            cond(json!({"fn": "getAttr", "argv": [{"ref": "Region"}, 1]})),
            "rules[0].conditions[0].argv[1]",
            "expected a string",
        ),
        (
            p.clone(),
            cond(json!({"fn": "getAttr", "argv": [{"ref": "Region"}, "a..b"]})),
            "rules[0].conditions[0].argv[1]",
            "path",
        ),
        (
            p.clone(),
            cond(json!({"fn": "split", "argv": ["a", "", 0]})),
            "rules[0].conditions[0].argv[1]",
            "delimiter",
        ),
        (
            p.clone(),
            cond(json!({"fn": "split", "argv": ["a", "-", -1]})),
            "rules[0].conditions[0].argv[2]",
            "limit",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": [{"ref": "Nope"}]})),
            "rules[0].conditions[0].argv[0].ref",
            "`Nope`",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": [{"ref": "Region", "fn": "x"}]})),
            "rules[0].conditions[0].argv[0]",
            "exactly one",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": [null]})),
            "rules[0].conditions[0].argv[0]",
            "null",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": [1.5]})),
            "rules[0].conditions[0].argv[0]",
            "integers",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": ["{Region"]})),
            "rules[0].conditions[0].argv[0]",
            "unclosed",
        ),
        (
            p.clone(),
            cond(json!({"fn": "isSet", "argv": [{"ref": "Region"}], "assign": "1x"})),
            "rules[0].conditions[0].assign",
            "identifier",
        ),
        (
            p.clone(),
            cond(json!("isSet")),
            "rules[0].conditions[0]",
            "expected an object",
        ),
        (
            p.clone(),
            json!([endpoint(json!("https://{Nope}"))]),
            "rules[0].endpoint.url",
            "`Nope`",
        ),
        (
            p.clone(),
            json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "x", "headers": {"h": "v"}}}]),
            "rules[0].endpoint.headers.h",
            "expected an array",
        ),
        (
            p.clone(),
            json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "x", "properties": {"a": [null]}}}]),
            "rules[0].endpoint.properties.a[0]",
            "null",
        ),
        (
            json!({"Region": {"type": "int"}}),
            json!([endpoint(json!("x"))]),
            "parameters.Region.type",
            "unknown parameter type",
        ),
        (
            json!({"Region": {"type": "string", "default": true}}),
            json!([endpoint(json!("x"))]),
            "parameters.Region.default",
            "expected a string",
        ),
        (
            json!({"Region": {"type": "stringArray", "default": ["a", 1]}}),
            json!([endpoint(json!("x"))]),
            "parameters.Region.default[1]",
            "expected a string",
        ),
        (
            json!({"Region": {"type": "string", "required": "yes"}}),
            json!([endpoint(json!("x"))]),
            "parameters.Region.required",
            "expected a boolean",
        ),
        (
            json!({"Region": {}}),
            json!([endpoint(json!("x"))]),
            "parameters.Region",
            "`type`",
        ),
        (
            json!({"region": string_param(), "Region": string_param()}),
            json!([endpoint(json!("x"))]),
            "parameters.region",
            "unique ignoring case",
        ),
        (
            json!({"my-param": string_param()}),
            json!([endpoint(json!("x"))]),
            "parameters.my-param",
            "identifiers",
        ),
    ];
    for (parameters, rules, location, needle) in cases {
        let (actual_location, message) = parse_error(parameters, rules.clone());
        // Which of two case-insensitively equal names is reported depends on serde_json's map
        // order (`preserve_order` may be on in the workspace): compare ignoring case.
        assert_eq!(
            actual_location.to_lowercase(),
            location.to_lowercase(),
            "{rules}: {message}"
        );
        assert!(
            message.contains(needle),
            "{rules}: {message} (wanted {needle:?})"
        );
    }
    for (text, needle) in [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("[]", "expected an object"),
        (r#"{"parameters": {}, "rules": []}"#, "`version`"),
        (
            r#"{"version": "2.0", "parameters": {}, "rules": []}"#,
            "unsupported",
        ),
        (
            r#"{"version": 1, "parameters": {}, "rules": []}"#,
            "expected a string",
        ),
        (r#"{"version": "1.0", "rules": []}"#, "`parameters`"),
        (r#"{"version": "1.0", "parameters": {}}"#, "`rules`"),
    ] {
        let error = RuleSet::parse(text).expect_err(text);
        assert!(error.to_string().contains(needle), "{text}: {error}");
    }
}

#[test]
fn deeply_nested_documents_are_rejected_not_overflowed() {
    let mut expr = json!({"ref": "Region"});
    for _ in 0..200 {
        expr = json!({"fn": "not", "argv": [expr]});
    }
    let document = json!({"version": "1.0", "parameters": {"Region": string_param()},
                          "rules": [{"type": "endpoint", "conditions": [expr], "endpoint": {"url": "x"}}]});
    // serde_json refuses nesting beyond 128 levels: a parse error, never a stack overflow.
    assert!(RuleSet::parse(&document.to_string()).is_err());
}
