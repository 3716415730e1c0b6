//! The `cargo xtask moto` scenario: the generated CloudFormation (awsQuery), CodePipeline and
//! CodeDeploy (awsJson1_1) clients against moto, through their public API only, every request
//! signed with SigV4 and checked by moto. Every step asserts the exact values it reads back.
//!
//! Reads `SKIFF_MOTO_ENDPOINT` (moto's `http://127.0.0.1:<port>`) and
//! `SKIFF_MOTO_UNSIGNED_CALLS` (moto's `INITIAL_NO_AUTH_ACTION_COUNT`: how many requests it
//! serves before it checks signatures). The first calls (the bootstrap) create, through a
//! CloudFormation stack, the IAM user and access key every later request is signed with, and the
//! role CodePipeline and CodeDeploy need. Prints one line per step, then the table; exits
//! non-zero when a step fails.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use skiff_aws_cloudformation as cfn;
use skiff_aws_codedeploy as cd;
use skiff_aws_codepipeline as cp;

use cfn::ProvideErrorMeta as _;

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";
/// The limit of one step (moto answers in milliseconds; a hang must not stall CI).
const STEP_LIMIT: Duration = Duration::from_secs(30);
/// How many stacks beyond the first page of `DescribeStacks` (moto pages by 50).
const BULK_STACKS: usize = 50;

/// The bootstrap stack: an IAM user allowed everything and its access key (signing every later
/// call), the role CodePipeline and CodeDeploy act with, and a role the account's own
/// user may assume (allowed everything too), for the credential chain's STS steps.
const BOOTSTRAP_TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Description: skiff moto scenario bootstrap
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      UserName: skiff-scenario
  Everything:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: skiff-everything
      Users: [!Ref User]
      Roles: [!Ref ClientRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref User
  ServiceRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: skiff-service-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        # One service per statement: moto's CodePipeline reads `Service` as one string.
        Statement:
          - Effect: Allow
            Principal:
              Service: codepipeline.amazonaws.com
            Action: sts:AssumeRole
          - Effect: Allow
            Principal:
              Service: codedeploy.amazonaws.com
            Action: sts:AssumeRole
  ClientRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: skiff-client-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !GetAtt User.Arn
            Action: sts:AssumeRole
Outputs:
  AccessKeyId:
    Value: !Ref Key
  SecretAccessKey:
    Value: !GetAtt Key.SecretAccessKey
  RoleArn:
    Value: !GetAtt ServiceRole.Arn
  ClientRoleArn:
    Value: !GetAtt ClientRole.Arn
"#;

/// A JSON template: indentation, newlines, and a description full of characters that form
/// encoding must escape.
const JSON_TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Description": "skiff JSON stack: spaces, a + plus, & ampersand, = equals, 100% / slash ~ tilde * star, é",
  "Parameters": {
    "Greeting": {
      "Type": "String",
      "Default": "hello world"
    }
  },
  "Resources": {
    "Queue": {
      "Type": "AWS::SQS::Queue",
      "Properties": { "QueueName": "skiff-json-queue" }
    },
    "Topic": {
      "Type": "AWS::SNS::Topic",
      "Properties": {
        "TopicName": "skiff-json-topic",
        "DisplayName": { "Ref": "Greeting" }
      }
    }
  },
  "Outputs": {
    "QueueName": { "Value": { "Fn::GetAtt": ["Queue", "QueueName"] } },
    "TopicName": { "Value": { "Fn::GetAtt": ["Topic", "TopicName"] } },
    "Greeting": { "Value": { "Ref": "Greeting" } }
  }
}
"#;

/// A YAML template: comments, a folded and a literal block scalar (newlines inside values).
const YAML_TEMPLATE: &str = "# skiff YAML stack
AWSTemplateFormatVersion: '2010-09-09'
Description: >-
  skiff YAML stack,
  folded onto one line
Parameters:
  Motto:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: skiff-yaml-queue
Outputs:
  Motto:
    Value: !Ref Motto
  Poem:
    Value: |
      line one
        indented two
      line three
";

/// The YAML stack after its change set: one more resource, one more output.
const YAML_TEMPLATE_V2: &str = "# skiff YAML stack, version 2
AWSTemplateFormatVersion: '2010-09-09'
Description: >-
  skiff YAML stack,
  folded onto one line
Parameters:
  Motto:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: skiff-yaml-queue
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: skiff-yaml-topic
Outputs:
  Motto:
    Value: !Ref Motto
  TopicName:
    Value: !GetAtt Topic.TopicName
";

const BULK_TEMPLATE: &str =
    "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n";

/// Form-encoding's hard cases, in a parameter value.
const AWKWARD: &str = "a b+c&d=e%f/g~h*i'j\"k\nl é 😀";

/// One row of the table.
struct Row {
    step: String,
    passed: bool,
    detail: String,
}

/// The steps run so far.
#[derive(Default)]
struct Run {
    rows: Vec<Row>,
}

impl Run {
    /// Runs a step that yields a value for later steps; `Ok((value, detail))` passes.
    async fn value<T>(
        &mut self,
        step: &str,
        body: impl Future<Output = Result<(T, String), String>>,
    ) -> Option<T> {
        let outcome = match tokio::time::timeout(STEP_LIMIT, body).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("did not finish in {STEP_LIMIT:?}")),
        };
        let (passed, detail, value) = match outcome {
            Ok((value, detail)) => (true, detail, Some(value)),
            Err(detail) => (false, detail, None),
        };
        println!(
            "{} {step}: {detail}",
            if passed { "ok    " } else { "FAILED" }
        );
        self.rows.push(Row {
            step: step.to_owned(),
            passed,
            detail,
        });
        value
    }

    /// Runs a step; `Ok(detail)` passes.
    async fn step(&mut self, step: &str, body: impl Future<Output = Result<String, String>>) {
        self.value(step, async { body.await.map(|detail| ((), detail)) })
            .await;
    }

    fn print_table(&self) -> bool {
        let width = self.rows.iter().map(|r| r.step.len()).max().unwrap_or(4);
        println!();
        println!("{:<4} {:<width$}  {:<6}  detail", "#", "step", "result");
        for (i, row) in self.rows.iter().enumerate() {
            println!(
                "{:<4} {:<width$}  {:<6}  {}",
                i + 1,
                row.step,
                if row.passed { "passed" } else { "FAILED" },
                row.detail
            );
        }
        let failed = self.rows.iter().filter(|r| !r.passed).count();
        println!(
            "moto scenario: {} steps, {} passed, {failed} failed",
            self.rows.len(),
            self.rows.len() - failed
        );
        failed == 0
    }
}

/// `Err` naming `what` unless `got == want`.
fn eq<T: PartialEq + Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

/// `Err(why)` unless `cond`.
fn ensure(cond: bool, why: impl FnOnce() -> String) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(why())
    }
}

/// An unexpected failure of a call, as a step's detail.
fn failed<E: std::fmt::Display>(call: &str, e: cfn::SdkError<E>) -> String {
    format!(
        "{call} failed: {e} (status {:?}, code {:?})",
        e.status(),
        e.code()
    )
}

/// Whether `t` is within ten minutes of now (moto's clock is this machine's).
fn recent(t: &cfn::DateTime) -> bool {
    (t.secs() - cfn::DateTime::now().secs()).abs() < 600
}

/// What the bootstrap made.
struct Bootstrap {
    key_id: String,
    secret: String,
    role_arn: String,
    client_role_arn: String,
}

fn cfn_client(endpoint: &str, key_id: &str, secret: &str) -> cfn::Client {
    cfn::Client::new(
        cfn::Config::builder()
            .region(REGION)
            .endpoint_url(endpoint)
            .credentials(cfn::Credentials::new(key_id, secret, None))
            .build(),
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let endpoint = match std::env::var("SKIFF_MOTO_ENDPOINT") {
        Ok(e) => e,
        Err(_) => {
            eprintln!("error: set SKIFF_MOTO_ENDPOINT to moto's http://127.0.0.1:<port>");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut run = Run::default();
    let ok = scenario(&mut run, &endpoint).await && run.print_table();
    if ok {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Every step; false when the scenario could not go on (the table is then printed too).
async fn scenario(run: &mut Run, endpoint: &str) -> bool {
    let unsigned: Option<u32> = std::env::var("SKIFF_MOTO_UNSIGNED_CALLS")
        .ok()
        .and_then(|n| n.parse().ok());
    let Some(boot) = bootstrap(run, endpoint, unsigned).await else {
        run.print_table();
        return false;
    };
    // The third unsigned call: AWS serves AssumeRoleWithWebIdentity unsigned, moto (checking
    // signatures) only within its unsigned calls.
    sts_web_identity(run, endpoint, &boot).await;
    auth(run, endpoint, &boot).await;
    sts_assume_role(run, endpoint, &boot).await;
    let cfn = cfn_client(endpoint, &boot.key_id, &boot.secret);
    cloudformation(run, &cfn).await;
    let credentials = cfn::Credentials::new(&boot.key_id, &boot.secret, None);
    let config = cfn::Config::builder()
        .region(REGION)
        .endpoint_url(endpoint)
        .credentials(credentials)
        .build();
    codepipeline(run, &cp::Client::new(config.clone()), &boot.role_arn).await;
    codedeploy(run, &cd::Client::new(config), &boot.role_arn).await;
    true
}

/// The calls moto serves unsigned: create the bootstrap stack and read its outputs.
async fn bootstrap(run: &mut Run, endpoint: &str, unsigned: Option<u32>) -> Option<Bootstrap> {
    // Exactly this many calls before moto checks signatures.
    const BOOTSTRAP_CALLS: u32 = 2;
    if unsigned != Some(BOOTSTRAP_CALLS + 1) {
        run.step("bootstrap: moto's unsigned calls", async {
            Err(format!(
                "SKIFF_MOTO_UNSIGNED_CALLS is {unsigned:?}; the bootstrap makes {BOOTSTRAP_CALLS} \
                 calls, then web identity one"
            ))
        })
        .await;
        return None;
    }
    // Any key: moto does not check these two calls.
    let client = cfn_client(endpoint, "AKIDBOOTSTRAP0000000", "bootstrap");
    let stack_id = run
        .value("bootstrap: create IAM user, key, role (stack)", async {
            let out = client
                .create_stack()
                .stack_name("skiff-bootstrap")
                .template_body(BOOTSTRAP_TEMPLATE)
                .capabilities(cfn::types::Capability::CapabilityNamedIam)
                .send()
                .await
                .map_err(|e| failed("CreateStack", e))?;
            let id = out.stack_id().unwrap_or_default().to_owned();
            let prefix =
                format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/skiff-bootstrap/");
            ensure(id.starts_with(&prefix), || format!("stack id {id:?}"))?;
            Ok((id.clone(), id))
        })
        .await?;
    run.value("bootstrap: read the key and role (outputs)", async {
        let out = client
            .describe_stacks()
            .stack_name(&stack_id)
            .send()
            .await
            .map_err(|e| failed("DescribeStacks", e))?;
        eq("stacks", out.stacks().len(), 1)?;
        let stack = &out.stacks()[0];
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("CREATE_COMPLETE"),
        )?;
        let output = |key: &str| {
            stack
                .outputs()
                .iter()
                .find(|o| o.output_key() == Some(key))
                .and_then(|o| o.output_value())
                .map(str::to_owned)
                .ok_or_else(|| format!("no output {key}"))
        };
        let boot = Bootstrap {
            key_id: output("AccessKeyId")?,
            secret: output("SecretAccessKey")?,
            role_arn: output("RoleArn")?,
            client_role_arn: output("ClientRoleArn")?,
        };
        eq("outputs", stack.outputs().len(), 4)?;
        ensure(
            boot.key_id.len() == 20 && boot.key_id.starts_with("AKIA"),
            || format!("access key id {:?}", boot.key_id),
        )?;
        eq("secret length", boot.secret.len(), 40)?;
        eq(
            "role",
            boot.role_arn.as_str(),
            &format!("arn:aws:iam::{ACCOUNT}:role/skiff-service-role"),
        )?;
        let detail = format!("key {}, role {}", boot.key_id, boot.role_arn);
        Ok((boot, detail))
    })
    .await
}

/// Signature verification is on: a wrong key or secret is refused, the right ones accepted.
async fn auth(run: &mut Run, endpoint: &str, boot: &Bootstrap) {
    run.step("auth: unknown access key refused", async {
        let client = cfn_client(endpoint, "AKIAUNKNOWNUNKNOWN00", &boot.secret);
        match client.list_stacks().send().await {
            Ok(_) => Err("accepted".to_owned()),
            Err(e) => {
                eq("code", e.code(), Some("InvalidClientTokenId"))?;
                eq("status", e.status(), Some(403))?;
                Ok(format!("{:?}", e.code().unwrap_or_default()))
            }
        }
    })
    .await;
    run.step("auth: wrong secret refused", async {
        let client = cfn_client(endpoint, &boot.key_id, "wrong-secret");
        match client.list_stacks().send().await {
            Ok(_) => Err("accepted".to_owned()),
            Err(e) => {
                eq("code", e.code(), Some("SignatureDoesNotMatch"))?;
                eq("status", e.status(), Some(403))?;
                Ok(format!("{:?}", e.code().unwrap_or_default()))
            }
        }
    })
    .await;
    run.step("auth: signed call accepted", async {
        let client = cfn_client(endpoint, &boot.key_id, &boot.secret);
        let out = client
            .describe_stacks()
            .stack_name("skiff-bootstrap")
            .send()
            .await
            .map_err(|e| failed("DescribeStacks", e))?;
        eq("stacks", out.stacks().len(), 1)?;
        eq(
            "name",
            out.stacks()[0].stack_name(),
            Some("skiff-bootstrap"),
        )?;
        Ok("DescribeStacks with the bootstrap user's key".to_owned())
    })
    .await;
}

/// Files and environment for the credential chain of `skiff-aws-config` against moto's STS
/// (`AWS_ENDPOINT_URL_STS`), in a directory of their own, removed on drop.
struct ChainSetup {
    dir: std::path::PathBuf,
    written: Result<(), String>,
}

impl ChainSetup {
    fn new(name: &str, files: &[(&str, String)]) -> ChainSetup {
        let dir = std::env::temp_dir().join(format!("skiff-moto-{name}-{}", std::process::id()));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| {
                files
                    .iter()
                    .try_for_each(|(file, text)| std::fs::write(dir.join(file), text))
            })
            .map_err(|e| format!("writing {}: {e}", dir.display()));
        ChainSetup { dir, written }
    }

    fn path(&self, file: &str) -> String {
        self.dir.join(file).to_string_lossy().into_owned()
    }

    /// A provider configuration: STS at moto, these files, no credentials file, and `extra`.
    fn conf(&self, endpoint: &str, extra: &[(&str, &str)]) -> skiff_aws_config::ProviderConfig {
        let mut vars: Vec<(String, String)> = vec![
            ("AWS_ENDPOINT_URL_STS".to_owned(), endpoint.to_owned()),
            ("AWS_REGION".to_owned(), REGION.to_owned()),
            ("AWS_CONFIG_FILE".to_owned(), self.path("config")),
            ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), self.path("none")),
        ];
        vars.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        skiff_aws_config::ProviderConfig::new().with_env_vars(vars)
    }
}

impl Drop for ChainSetup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Role credentials from the chain: moto's temporary key ids start with ASIA; they carry a
/// session token and an expiry, and moto accepts them for a signed call.
async fn check_role_credentials(
    endpoint: &str,
    creds: Result<cfn::Credentials, cfn::error::CredentialsError>,
) -> Result<String, String> {
    let creds = creds.map_err(|e| {
        let mut text = format!("credentials: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        text
    })?;
    ensure(creds.access_key_id().starts_with("ASIA"), || {
        "the key id is not a temporary one".to_owned()
    })?;
    ensure(creds.session_token().is_some_and(|t| !t.is_empty()), || {
        "no session token".to_owned()
    })?;
    let expiry = creds.expiry().ok_or("no expiry")?;
    let client = cfn::Client::new(
        cfn::Config::builder()
            .region(REGION)
            .endpoint_url(endpoint)
            .credentials(creds)
            .build(),
    );
    let out = client
        .describe_stacks()
        .stack_name("skiff-bootstrap")
        .send()
        .await
        .map_err(|e| failed("DescribeStacks with the role's credentials", e))?;
    eq("stacks", out.stacks().len(), 1)?;
    let left = expiry
        .duration_since(std::time::SystemTime::now())
        .map_or(0, |d| d.as_secs() / 60);
    Ok(format!(
        "ASIA… key, session token, expires in {left} min; DescribeStacks signed with them"
    ))
}

/// Web identity: a token file and a role arn in the environment, exchanged by the default chain
/// with STS `AssumeRoleWithWebIdentity` (unsigned).
async fn sts_web_identity(run: &mut Run, endpoint: &str, boot: &Bootstrap) {
    let setup = ChainSetup::new("web", &[("token", "a-web-identity-token".to_owned())]);
    run.step("sts: web identity (token file, role arn)", async {
        setup.written.clone()?;
        let token = setup.path("token");
        let conf = setup.conf(
            endpoint,
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", &token),
                ("AWS_ROLE_ARN", &boot.client_role_arn),
                ("AWS_ROLE_SESSION_NAME", "skiff-web"),
            ],
        );
        let creds = skiff_aws_config::DefaultCredentialsChain::new(&conf)
            .credentials()
            .await;
        check_role_credentials(endpoint, creds).await
    })
    .await;
}

/// Assume role from a profile: `role_arn` with `source_profile`, the source's static key
/// signing STS `AssumeRole` (moto checks the signature, the caller's policy and the role's
/// trust policy).
async fn sts_assume_role(run: &mut Run, endpoint: &str, boot: &Bootstrap) {
    let config = format!(
        "[profile base]\naws_access_key_id = {}\naws_secret_access_key = {}\n\n\
         [profile skiff-role]\nrole_arn = {}\nsource_profile = base\n\
         role_session_name = skiff-moto\n",
        boot.key_id, boot.secret, boot.client_role_arn
    );
    let setup = ChainSetup::new("role", &[("config", config)]);
    run.step(
        "sts: assume role (profile role_arn, source_profile)",
        async {
            setup.written.clone()?;
            let conf = setup.conf(endpoint, &[("AWS_PROFILE", "skiff-role")]);
            let creds = skiff_aws_config::DefaultCredentialsChain::new(&conf)
                .credentials()
                .await;
            check_role_credentials(endpoint, creds).await
        },
    )
    .await;
}

fn param(key: &str, value: &str) -> cfn::types::Parameter {
    cfn::types::Parameter::default()
        .with_parameter_key(key)
        .with_parameter_value(value)
}

fn cfn_tag(key: &str, value: &str) -> cfn::types::Tag {
    cfn::types::Tag::default().with_key(key).with_value(value)
}

fn stack_output<'s>(stack: &'s cfn::types::Stack, key: &str) -> Option<&'s str> {
    stack
        .outputs()
        .iter()
        .find(|o| o.output_key() == Some(key))
        .and_then(|o| o.output_value())
}

async fn describe_one(client: &cfn::Client, name: &str) -> Result<cfn::types::Stack, String> {
    let out = client
        .describe_stacks()
        .stack_name(name)
        .send()
        .await
        .map_err(|e| failed("DescribeStacks", e))?;
    eq("stacks", out.stacks().len(), 1)?;
    Ok(out.stacks()[0].clone())
}

async fn cloudformation(run: &mut Run, client: &cfn::Client) {
    let json_id = run
        .value("cfn: create stack (JSON template)", async {
            let out = client
                .create_stack()
                .stack_name("skiff-json")
                .template_body(JSON_TEMPLATE)
                .parameters(param("Greeting", AWKWARD))
                .tags(cfn_tag("team name", "a b+c"))
                .tags(cfn_tag("purpose", "moto & skiff"))
                .send()
                .await
                .map_err(|e| failed("CreateStack", e))?;
            let id = out.stack_id().unwrap_or_default().to_owned();
            let prefix = format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/skiff-json/");
            ensure(id.starts_with(&prefix), || format!("stack id {id:?}"))?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("cfn: describe JSON stack", async {
        let stack = describe_one(client, "skiff-json").await?;
        eq("id", stack.stack_id(), Some(json_id.as_str()))?;
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("CREATE_COMPLETE"),
        )?;
        eq(
            "description",
            stack.description(),
            Some("skiff JSON stack: spaces, a + plus, & ampersand, = equals, 100% / slash ~ tilde * star, é"),
        )?;
        let params: Vec<(Option<&str>, Option<&str>)> = stack
            .parameters()
            .iter()
            .map(|p| (p.parameter_key(), p.parameter_value()))
            .collect();
        eq("parameters", params, vec![(Some("Greeting"), Some(AWKWARD))])?;
        let mut tags: Vec<(Option<&str>, Option<&str>)> =
            stack.tags().iter().map(|t| (t.key(), t.value())).collect();
        tags.sort();
        eq(
            "tags",
            tags,
            vec![
                (Some("purpose"), Some("moto & skiff")),
                (Some("team name"), Some("a b+c")),
            ],
        )?;
        eq("outputs", stack.outputs().len(), 3)?;
        eq(
            "QueueName",
            stack_output(&stack, "QueueName"),
            Some("skiff-json-queue"),
        )?;
        eq(
            "TopicName",
            stack_output(&stack, "TopicName"),
            Some("skiff-json-topic"),
        )?;
        eq("Greeting", stack_output(&stack, "Greeting"), Some(AWKWARD))?;
        ensure(stack.creation_time().is_some_and(recent), || {
            format!("creation time {:?}", stack.creation_time())
        })?;
        Ok("CREATE_COMPLETE, description, parameter, 2 tags, 3 outputs".to_owned())
    })
    .await;
    run.step("cfn: get template (JSON, byte for byte)", async {
        let out = client
            .get_template()
            .stack_name("skiff-json")
            .send()
            .await
            .map_err(|e| failed("GetTemplate", e))?;
        eq("template", out.template_body(), Some(JSON_TEMPLATE))?;
        Ok(format!(
            "{} bytes, {} lines",
            JSON_TEMPLATE.len(),
            JSON_TEMPLATE.lines().count()
        ))
    })
    .await;
    let yaml_id = run
        .value("cfn: create stack (YAML template)", async {
            let out = client
                .create_stack()
                .stack_name("skiff-yaml")
                .template_body(YAML_TEMPLATE)
                .parameters(param("Motto", "first\nsecond line"))
                .send()
                .await
                .map_err(|e| failed("CreateStack", e))?;
            let id = out.stack_id().unwrap_or_default().to_owned();
            ensure(id.contains(":stack/skiff-yaml/"), || {
                format!("stack id {id:?}")
            })?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("cfn: describe YAML stack", async {
        let stack = describe_one(client, &yaml_id).await?;
        eq("name", stack.stack_name(), Some("skiff-yaml"))?;
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("CREATE_COMPLETE"),
        )?;
        eq(
            "description",
            stack.description(),
            Some("skiff YAML stack, folded onto one line"),
        )?;
        eq("outputs", stack.outputs().len(), 2)?;
        eq(
            "Motto",
            stack_output(&stack, "Motto"),
            Some("first\nsecond line"),
        )?;
        eq(
            "Poem",
            stack_output(&stack, "Poem"),
            Some("line one\n  indented two\nline three\n"),
        )?;
        Ok("CREATE_COMPLETE, folded description, multi-line outputs".to_owned())
    })
    .await;
    run.step("cfn: get template (YAML, byte for byte)", async {
        let out = client
            .get_template()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("GetTemplate", e))?;
        eq("template", out.template_body(), Some(YAML_TEMPLATE))?;
        Ok(format!("{} bytes", YAML_TEMPLATE.len()))
    })
    .await;
    run.step("cfn: duplicate stack is AlreadyExistsException", async {
        let err = match client
            .create_stack()
            .stack_name("skiff-json")
            .template_body(JSON_TEMPLATE)
            .send()
            .await
        {
            Ok(_) => return Err("created twice".to_owned()),
            Err(e) => e,
        };
        eq("status", err.status(), Some(400))?;
        let err = err.into_service_error();
        ensure(err.is_already_exists_exception(), || format!("{err:?}"))?;
        eq(
            "message",
            err.message(),
            Some("Stack skiff-json already exists"),
        )?;
        Ok("is_already_exists_exception(), message".to_owned())
    })
    .await;
    run.step("cfn: missing stack is ValidationError", async {
        let err = match client
            .describe_stacks()
            .stack_name("skiff-missing")
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e,
        };
        eq("status", err.status(), Some(400))?;
        let err = err.into_service_error();
        ensure(err.is_unhandled(), || format!("{err:?}"))?;
        eq("code", err.code(), Some("ValidationError"))?;
        eq(
            "message",
            err.message(),
            Some("Stack with id skiff-missing does not exist"),
        )?;
        ensure(err.request_id().is_some(), || "no request id".to_owned())?;
        Ok("unmodeled: code ValidationError, message, request id".to_owned())
    })
    .await;
    run.step("cfn: create 50 more stacks", async {
        for i in 1..=BULK_STACKS {
            client
                .create_stack()
                .stack_name(format!("skiff-bulk-{i:02}"))
                .template_body(BULK_TEMPLATE)
                .send()
                .await
                .map_err(|e| failed(&format!("CreateStack skiff-bulk-{i:02}"), e))?;
        }
        Ok(format!("skiff-bulk-01 .. skiff-bulk-{BULK_STACKS}"))
    })
    .await;
    let total = BULK_STACKS + 3;
    run.step("cfn: describe stacks, paginator (2 pages)", async {
        let mut pages = client.describe_stacks().into_paginator();
        let mut sizes = Vec::new();
        let mut names = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failed("DescribeStacks", e))?;
            sizes.push(page.stacks().len());
            names.extend(
                page.stacks()
                    .iter()
                    .filter_map(|s| s.stack_name())
                    .map(str::to_owned),
            );
        }
        eq("page sizes", sizes, vec![50, total - 50])?;
        names.sort();
        names.dedup();
        eq("distinct stacks", names.len(), total)?;
        for want in [
            "skiff-bootstrap",
            "skiff-json",
            "skiff-yaml",
            "skiff-bulk-50",
        ] {
            ensure(names.iter().any(|n| n == want), || {
                format!("{want} missing")
            })?;
        }
        Ok(format!(
            "pages of 50 + {}, next token a stack ARN",
            total - 50
        ))
    })
    .await;
    run.step("cfn: list stacks, paginator items", async {
        let mut items = client.list_stacks().into_paginator().items();
        let mut count = 0;
        while let Some(summary) = items.next().await {
            let summary = summary.map_err(|e| failed("ListStacks", e))?;
            eq(
                "status",
                summary.stack_status().map(|s| s.as_str()),
                Some("CREATE_COMPLETE"),
            )?;
            count += 1;
        }
        eq("summaries", count, total)?;
        Ok(format!("{total} summaries, all CREATE_COMPLETE"))
    })
    .await;
    run.step("cfn: list stacks, empty status filter", async {
        // An empty list is sent as `StackStatusFilter=` (as botocore sends it): no filter.
        let out = client
            .list_stacks()
            .set_stack_status_filter(Some(Vec::new()))
            .send()
            .await
            .map_err(|e| failed("ListStacks", e))?;
        eq("summaries", out.stack_summaries().len(), total)?;
        Ok(format!("{total} summaries"))
    })
    .await;
    run.step("cfn: list stack resources", async {
        let out = client
            .list_stack_resources()
            .stack_name("skiff-json")
            .send()
            .await
            .map_err(|e| failed("ListStackResources", e))?;
        let mut got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = out
            .stack_resource_summaries()
            .iter()
            .map(|r| {
                (
                    r.logical_resource_id(),
                    r.resource_type(),
                    r.resource_status().map(|s| s.as_str()),
                )
            })
            .collect();
        got.sort();
        eq(
            "resources",
            got,
            vec![
                (
                    Some("Queue"),
                    Some("AWS::SQS::Queue"),
                    Some("CREATE_COMPLETE"),
                ),
                (
                    Some("Topic"),
                    Some("AWS::SNS::Topic"),
                    Some("CREATE_COMPLETE"),
                ),
            ],
        )?;
        Ok("Queue, Topic: CREATE_COMPLETE".to_owned())
    })
    .await;
    run.step("cfn: describe stack resources", async {
        let out = client
            .describe_stack_resources()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("DescribeStackResources", e))?;
        eq("resources", out.stack_resources().len(), 1)?;
        let r = &out.stack_resources()[0];
        eq("logical id", r.logical_resource_id(), Some("Queue"))?;
        eq("stack", r.stack_name(), Some("skiff-yaml"))?;
        eq("type", r.resource_type(), Some("AWS::SQS::Queue"))?;
        ensure(
            r.physical_resource_id()
                .is_some_and(|p| p.ends_with("skiff-yaml-queue")),
            || format!("physical id {:?}", r.physical_resource_id()),
        )?;
        Ok(format!(
            "Queue = {}",
            r.physical_resource_id().unwrap_or_default()
        ))
    })
    .await;
    run.step("cfn: describe stack events", async {
        let out = client
            .describe_stack_events()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("DescribeStackEvents", e))?;
        let events = out.stack_events();
        ensure(events.len() >= 2, || format!("{} events", events.len()))?;
        for e in events {
            eq("stack", e.stack_name(), Some("skiff-yaml"))?;
            ensure(e.timestamp().is_some_and(recent), || {
                format!("timestamp {:?}", e.timestamp())
            })?;
        }
        let newest = &events[0];
        eq(
            "newest logical id",
            newest.logical_resource_id(),
            Some("skiff-yaml"),
        )?;
        eq(
            "newest status",
            newest.resource_status().map(|s| s.as_str()),
            Some("CREATE_COMPLETE"),
        )?;
        Ok(format!("{} events, newest CREATE_COMPLETE", events.len()))
    })
    .await;
    run.step("cfn: update stack (new parameter value)", async {
        let out = client
            .update_stack()
            .stack_name("skiff-json")
            .template_body(JSON_TEMPLATE)
            .parameters(param("Greeting", "updated: hello again, world"))
            .send()
            .await
            .map_err(|e| failed("UpdateStack", e))?;
        eq("id", out.stack_id(), Some(json_id.as_str()))?;
        let stack = describe_one(client, "skiff-json").await?;
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("UPDATE_COMPLETE"),
        )?;
        eq(
            "Greeting",
            stack_output(&stack, "Greeting"),
            Some("updated: hello again, world"),
        )?;
        Ok("UPDATE_COMPLETE, output follows".to_owned())
    })
    .await;
    let change_set_id = run
        .value("cfn: create change set (UPDATE)", async {
            let out = client
                .create_change_set()
                .stack_name("skiff-yaml")
                .change_set_name("skiff-change")
                .change_set_type(cfn::types::ChangeSetType::Update)
                .description("adds a topic; keeps the queue")
                .template_body(YAML_TEMPLATE_V2)
                .parameters(param("Motto", "third time"))
                .send()
                .await
                .map_err(|e| failed("CreateChangeSet", e))?;
            let id = out.id().unwrap_or_default().to_owned();
            ensure(
                id.starts_with(&format!(
                    "arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/skiff-change/"
                )),
                || format!("change set id {id:?}"),
            )?;
            eq("stack id", out.stack_id(), Some(yaml_id.as_str()))?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("cfn: describe change set", async {
        let out = client
            .describe_change_set()
            .change_set_name(&change_set_id)
            .send()
            .await
            .map_err(|e| failed("DescribeChangeSet", e))?;
        eq("name", out.change_set_name(), Some("skiff-change"))?;
        eq("stack", out.stack_name(), Some("skiff-yaml"))?;
        eq(
            "status",
            out.status().map(|s| s.as_str()),
            Some("CREATE_COMPLETE"),
        )?;
        eq(
            "execution status",
            out.execution_status().map(|s| s.as_str()),
            Some("AVAILABLE"),
        )?;
        eq(
            "description",
            out.description(),
            Some("adds a topic; keeps the queue"),
        )?;
        let added: Vec<(Option<&str>, Option<&str>)> = out
            .changes()
            .iter()
            .filter_map(|c| c.resource_change())
            .filter(|r| r.action().map(|a| a.as_str()) == Some("Add"))
            .map(|r| (r.logical_resource_id(), r.resource_type()))
            .collect();
        eq(
            "added",
            added,
            vec![(Some("Topic"), Some("AWS::SNS::Topic"))],
        )?;
        Ok(format!(
            "CREATE_COMPLETE / AVAILABLE, {} changes, adds Topic",
            out.changes().len()
        ))
    })
    .await;
    run.step("cfn: list change sets", async {
        let out = client
            .list_change_sets()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("ListChangeSets", e))?;
        let names: Vec<Option<&str>> = out
            .summaries()
            .iter()
            .map(|s| s.change_set_name())
            .collect();
        eq("change sets", names, vec![Some("skiff-change")])?;
        Ok("skiff-change".to_owned())
    })
    .await;
    run.step("cfn: execute change set", async {
        client
            .execute_change_set()
            .change_set_name("skiff-change")
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("ExecuteChangeSet", e))?;
        let stack = describe_one(client, "skiff-yaml").await?;
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("UPDATE_COMPLETE"),
        )?;
        // (moto keeps the outputs of before the change set: the resources and template tell.)
        let resources = client
            .list_stack_resources()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("ListStackResources", e))?;
        let mut ids: Vec<Option<&str>> = resources
            .stack_resource_summaries()
            .iter()
            .map(|r| r.logical_resource_id())
            .collect();
        ids.sort();
        eq("resources", ids, vec![Some("Queue"), Some("Topic")])?;
        let template = client
            .get_template()
            .stack_name("skiff-yaml")
            .send()
            .await
            .map_err(|e| failed("GetTemplate", e))?;
        eq("template", template.template_body(), Some(YAML_TEMPLATE_V2))?;
        let out = client
            .describe_change_set()
            .change_set_name(&change_set_id)
            .send()
            .await
            .map_err(|e| failed("DescribeChangeSet", e))?;
        eq(
            "execution status",
            out.execution_status().map(|s| s.as_str()),
            Some("EXECUTE_COMPLETE"),
        )?;
        Ok("UPDATE_COMPLETE, Queue + Topic, template v2; EXECUTE_COMPLETE".to_owned())
    })
    .await;
    run.step("cfn: create change set (CREATE), then delete it", async {
        let out = client
            .create_change_set()
            .stack_name("skiff-planned")
            .change_set_name("skiff-plan")
            .change_set_type(cfn::types::ChangeSetType::Create)
            .template_body(BULK_TEMPLATE)
            .send()
            .await
            .map_err(|e| failed("CreateChangeSet", e))?;
        let id = out.id().unwrap_or_default().to_owned();
        let stack = describe_one(client, "skiff-planned").await?;
        eq(
            "status",
            stack.stack_status().map(|s| s.as_str()),
            Some("REVIEW_IN_PROGRESS"),
        )?;
        client
            .delete_change_set()
            .change_set_name(&id)
            .send()
            .await
            .map_err(|e| failed("DeleteChangeSet", e))?;
        let err = match client
            .describe_change_set()
            .change_set_name(&id)
            .send()
            .await
        {
            Ok(_) => return Err("change set still there".to_owned()),
            Err(e) => e.into_service_error(),
        };
        // moto answers ValidationError where AWS has ChangeSetNotFound.
        ensure(err.is_unhandled(), || format!("{err:?}"))?;
        eq("code", err.code(), Some("ValidationError"))?;
        eq(
            "message",
            err.message(),
            Some(format!("Stack with id {id} does not exist").as_str()),
        )?;
        Ok("REVIEW_IN_PROGRESS; deleted, then ValidationError".to_owned())
    })
    .await;
    run.step("cfn: delete stack", async {
        client
            .delete_stack()
            .stack_name("skiff-json")
            .send()
            .await
            .map_err(|e| failed("DeleteStack", e))?;
        let err = match client
            .describe_stacks()
            .stack_name("skiff-json")
            .send()
            .await
        {
            Ok(_) => return Err("still described by name".to_owned()),
            Err(e) => e.into_service_error(),
        };
        eq("code", err.code(), Some("ValidationError"))?;
        let stack = describe_one(client, &json_id).await?;
        eq(
            "status by id",
            stack.stack_status().map(|s| s.as_str()),
            Some("DELETE_COMPLETE"),
        )?;
        Ok("gone by name; DELETE_COMPLETE by id".to_owned())
    })
    .await;
    run.step("cfn: list stacks, status filter", async {
        let out = client
            .list_stacks()
            .stack_status_filter(cfn::types::StackStatus::DeleteComplete)
            .send()
            .await
            .map_err(|e| failed("ListStacks", e))?;
        let names: Vec<Option<&str>> = out
            .stack_summaries()
            .iter()
            .map(|s| s.stack_name())
            .collect();
        eq("deleted stacks", names, vec![Some("skiff-json")])?;
        eq(
            "id",
            out.stack_summaries()[0].stack_id(),
            Some(json_id.as_str()),
        )?;
        Ok("DELETE_COMPLETE: skiff-json, same stack id".to_owned())
    })
    .await;
    run.step("cfn: delete the other stacks", async {
        for i in 1..=BULK_STACKS {
            client
                .delete_stack()
                .stack_name(format!("skiff-bulk-{i:02}"))
                .send()
                .await
                .map_err(|e| failed("DeleteStack", e))?;
        }
        for name in ["skiff-yaml", "skiff-planned"] {
            client
                .delete_stack()
                .stack_name(name)
                .send()
                .await
                .map_err(|e| failed("DeleteStack", e))?;
        }
        let out = client
            .describe_stacks()
            .send()
            .await
            .map_err(|e| failed("DescribeStacks", e))?;
        let names: Vec<Option<&str>> = out.stacks().iter().map(|s| s.stack_name()).collect();
        eq("left", names, vec![Some("skiff-bootstrap")])?;
        Ok(format!("{} deleted; skiff-bootstrap left", BULK_STACKS + 2))
    })
    .await;
}

fn pipeline(name: &str, role_arn: &str, deploy_stage: &str) -> cp::types::PipelineDeclaration {
    let source = cp::types::ActionDeclaration::default()
        .with_name("Source")
        .with_action_type_id(
            cp::types::ActionTypeId::default()
                .with_category(cp::types::ActionCategory::Source)
                .with_owner(cp::types::ActionOwner::Aws)
                .with_provider("S3")
                .with_version("1"),
        )
        .with_configuration("S3Bucket", "skiff-source")
        .with_configuration("S3ObjectKey", "app bundle.zip")
        .with_output_artifacts(cp::types::OutputArtifact::default().with_name("App"));
    let deploy = cp::types::ActionDeclaration::default()
        .with_name("Deploy")
        .with_action_type_id(
            cp::types::ActionTypeId::default()
                .with_category(cp::types::ActionCategory::Deploy)
                .with_owner(cp::types::ActionOwner::Aws)
                .with_provider("CodeDeploy")
                .with_version("1"),
        )
        .with_configuration("ApplicationName", "skiff-app")
        .with_configuration("DeploymentGroupName", "skiff-group")
        .with_input_artifacts(cp::types::InputArtifact::default().with_name("App"))
        .with_run_order(2);
    cp::types::PipelineDeclaration::default()
        .with_name(name)
        .with_role_arn(role_arn)
        .with_artifact_store(
            cp::types::ArtifactStore::default()
                .with_type(cp::types::ArtifactStoreType::S3)
                .with_location("skiff-artifacts"),
        )
        .with_stages(
            cp::types::StageDeclaration::default()
                .with_name("Source")
                .with_actions(source),
        )
        .with_stages(
            cp::types::StageDeclaration::default()
                .with_name(deploy_stage)
                .with_actions(deploy),
        )
}

fn cp_tag(key: &str, value: &str) -> cp::types::Tag {
    cp::types::Tag::default().with_key(key).with_value(value)
}

fn cp_tags(tags: &[cp::types::Tag]) -> Vec<(Option<&str>, Option<&str>)> {
    tags.iter().map(|t| (t.key(), t.value())).collect()
}

async fn codepipeline(run: &mut Run, client: &cp::Client, role_arn: &str) {
    let arn = format!("arn:aws:codepipeline:{REGION}:{ACCOUNT}:skiff-pipeline");
    run.step("codepipeline: create pipeline", async {
        let out = client
            .create_pipeline()
            .pipeline(pipeline("skiff-pipeline", role_arn, "Deploy"))
            .tags(cp_tag("team", "skiff devs"))
            .tags(cp_tag("cost centre", "42"))
            .send()
            .await
            .map_err(|e| failed("CreatePipeline", e))?;
        let p = out.pipeline().ok_or("no pipeline")?;
        eq("name", p.name(), Some("skiff-pipeline"))?;
        eq("version", p.version(), Some(1))?;
        eq("role", p.role_arn(), Some(role_arn))?;
        eq("stages", p.stages().len(), 2)?;
        eq(
            "tags (sorted)",
            cp_tags(out.tags()),
            vec![
                (Some("cost centre"), Some("42")),
                (Some("team"), Some("skiff devs")),
            ],
        )?;
        Ok("version 1, 2 stages, 2 tags".to_owned())
    })
    .await;
    run.step("codepipeline: duplicate is InvalidStructureException", async {
        let err = match client
            .create_pipeline()
            .pipeline(pipeline("skiff-pipeline", role_arn, "Deploy"))
            .send()
            .await
        {
            Ok(_) => return Err("created twice".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_invalid_structure_exception(), || format!("{err:?}"))?;
        eq(
            "message",
            err.message(),
            Some(format!("A pipeline with the name 'skiff-pipeline' already exists in account '{ACCOUNT}'").as_str()),
        )?;
        Ok("is_invalid_structure_exception(), message".to_owned())
    })
    .await;
    run.step(
        "codepipeline: untrusted role is InvalidStructureException",
        async {
            let other = format!("arn:aws:iam::{ACCOUNT}:role/not-there");
            let err = match client
                .create_pipeline()
                .pipeline(pipeline("skiff-other", &other, "Deploy"))
                .send()
                .await
            {
                Ok(_) => return Err("created".to_owned()),
                Err(e) => e.into_service_error(),
            };
            ensure(err.is_invalid_structure_exception(), || format!("{err:?}"))?;
            eq(
                "message",
                err.message(),
                Some(
                    format!("CodePipeline is not authorized to perform AssumeRole on role {other}")
                        .as_str(),
                ),
            )?;
            Ok("is_invalid_structure_exception()".to_owned())
        },
    )
    .await;
    let created = run
        .value("codepipeline: get pipeline (timestamps)", async {
            let out = client
                .get_pipeline()
                .name("skiff-pipeline")
                .send()
                .await
                .map_err(|e| failed("GetPipeline", e))?;
            let p = out.pipeline().ok_or("no pipeline")?;
            eq("version", p.version(), Some(1))?;
            eq(
                "store",
                p.artifact_store().and_then(|s| s.location()),
                Some("skiff-artifacts"),
            )?;
            let source = &p.stages()[0].actions()[0];
            eq(
                "source key",
                source
                    .configuration()
                    .and_then(|c| c.get("S3ObjectKey"))
                    .map(String::as_str),
                Some("app bundle.zip"),
            )?;
            eq(
                "source category",
                source
                    .action_type_id()
                    .and_then(|t| t.category())
                    .map(|c| c.as_str()),
                Some("Source"),
            )?;
            eq(
                "deploy run order",
                p.stages()[1].actions()[0].run_order(),
                Some(2),
            )?;
            eq(
                "source run order (moto default)",
                source.run_order(),
                Some(1),
            )?;
            let meta = out.metadata().ok_or("no metadata")?;
            eq("arn", meta.pipeline_arn(), Some(arn.as_str()))?;
            let (created, updated) = (
                meta.created().copied().ok_or("no created")?,
                meta.updated().copied().ok_or("no updated")?,
            );
            ensure(recent(&created) && created <= updated, || {
                format!("created {created:?}, updated {updated:?}")
            })?;
            Ok((created, format!("created {created}, updated {updated}")))
        })
        .await;
    run.step("codepipeline: list pipelines, paginator", async {
        let mut items = client.list_pipelines().into_paginator().items();
        let mut got = Vec::new();
        while let Some(p) = items.next().await {
            got.push(p.map_err(|e| failed("ListPipelines", e))?);
        }
        eq("pipelines", got.len(), 1)?;
        eq("name", got[0].name(), Some("skiff-pipeline"))?;
        eq("version", got[0].version(), Some(1))?;
        eq("created", got[0].created().copied(), created)?;
        ensure(got[0].updated().is_some_and(recent), || {
            "no updated".to_owned()
        })?;
        Ok("skiff-pipeline, version 1, created and updated".to_owned())
    })
    .await;
    run.step("codepipeline: update pipeline", async {
        let out = client
            .update_pipeline()
            .pipeline(pipeline("skiff-pipeline", role_arn, "Ship It").with_version(1))
            .send()
            .await
            .map_err(|e| failed("UpdatePipeline", e))?;
        let p = out.pipeline().ok_or("no pipeline")?;
        eq("version", p.version(), Some(2))?;
        eq(
            "stage",
            p.stages().get(1).and_then(|s| s.name()),
            Some("Ship It"),
        )?;
        let got = client
            .get_pipeline()
            .name("skiff-pipeline")
            .send()
            .await
            .map_err(|e| failed("GetPipeline", e))?;
        eq(
            "version read back",
            got.pipeline().and_then(|p| p.version()),
            Some(2),
        )?;
        let meta = got.metadata().ok_or("no metadata")?;
        eq("created kept", meta.created().copied(), created)?;
        ensure(meta.updated().copied() >= created, || {
            format!("updated {:?}", meta.updated())
        })?;
        Ok("version 2, stage renamed, updated >= created".to_owned())
    })
    .await;
    run.step("codepipeline: list pipelines after the update", async {
        let out = client
            .list_pipelines()
            .send()
            .await
            .map_err(|e| failed("ListPipelines", e))?;
        eq(
            "version",
            out.pipelines().first().and_then(|p| p.version()),
            Some(2),
        )?;
        ensure(
            out.pipelines()[0].updated().copied() >= out.pipelines()[0].created().copied(),
            || "updated before created".to_owned(),
        )?;
        Ok("list shows version 2".to_owned())
    })
    .await;
    run.step("codepipeline: tags (list, tag, untag)", async {
        client
            .tag_resource()
            .resource_arn(&arn)
            .tags(cp_tag("stage", "moto test"))
            .send()
            .await
            .map_err(|e| failed("TagResource", e))?;
        client
            .untag_resource()
            .resource_arn(&arn)
            .tag_keys("cost centre")
            .send()
            .await
            .map_err(|e| failed("UntagResource", e))?;
        let out = client
            .list_tags_for_resource()
            .resource_arn(&arn)
            .send()
            .await
            .map_err(|e| failed("ListTagsForResource", e))?;
        eq(
            "tags",
            cp_tags(out.tags()),
            vec![
                (Some("stage"), Some("moto test")),
                (Some("team"), Some("skiff devs")),
            ],
        )?;
        Ok("+stage, -cost centre: stage, team".to_owned())
    })
    .await;
    run.step("codepipeline: tags of a missing pipeline", async {
        let err = match client
            .list_tags_for_resource()
            .resource_arn(format!(
                "arn:aws:codepipeline:{REGION}:{ACCOUNT}:skiff-nope"
            ))
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_resource_not_found_exception(), || format!("{err:?}"))?;
        Ok("is_resource_not_found_exception()".to_owned())
    })
    .await;
    let execution = run
        .value("codepipeline: start execution", async {
            let out = client
                .start_pipeline_execution()
                .name("skiff-pipeline")
                .send()
                .await
                .map_err(|e| failed("StartPipelineExecution", e))?;
            let id = out.pipeline_execution_id().unwrap_or_default().to_owned();
            eq("id length (uuid)", id.len(), 36)?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("codepipeline: get execution", async {
        let out = client
            .get_pipeline_execution()
            .pipeline_name("skiff-pipeline")
            .pipeline_execution_id(&execution)
            .send()
            .await
            .map_err(|e| failed("GetPipelineExecution", e))?;
        let e = out.pipeline_execution().ok_or("no execution")?;
        eq("id", e.pipeline_execution_id(), Some(execution.as_str()))?;
        eq("pipeline", e.pipeline_name(), Some("skiff-pipeline"))?;
        eq("version", e.pipeline_version(), Some(2))?;
        eq("status", e.status().map(|s| s.as_str()), Some("Succeeded"))?;
        Ok("Succeeded, pipeline version 2".to_owned())
    })
    .await;
    run.step(
        "codepipeline: list executions, paginator (timestamps)",
        async {
            let mut items = client
                .list_pipeline_executions()
                .pipeline_name("skiff-pipeline")
                .into_paginator()
                .items();
            let mut got = Vec::new();
            while let Some(s) = items.next().await {
                got.push(s.map_err(|e| failed("ListPipelineExecutions", e))?);
            }
            eq("executions", got.len(), 1)?;
            eq(
                "id",
                got[0].pipeline_execution_id(),
                Some(execution.as_str()),
            )?;
            let start = got[0].start_time().copied().ok_or("no start time")?;
            ensure(recent(&start), || format!("start {start:?}"))?;
            eq(
                "last update",
                got[0].last_update_time().copied(),
                Some(start),
            )?;
            Ok(format!("1 execution, started {start}"))
        },
    )
    .await;
    run.step("codepipeline: missing execution", async {
        let err = match client
            .get_pipeline_execution()
            .pipeline_name("skiff-pipeline")
            .pipeline_execution_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_pipeline_execution_not_found_exception(), || {
            format!("{err:?}")
        })?;
        Ok("is_pipeline_execution_not_found_exception()".to_owned())
    })
    .await;
    run.step("codepipeline: missing pipeline", async {
        let err = match client.get_pipeline().name("skiff-nope").send().await {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_pipeline_not_found_exception(), || format!("{err:?}"))?;
        eq(
            "message",
            err.message(),
            Some(
                format!("Account '{ACCOUNT}' does not have a pipeline with name 'skiff-nope'")
                    .as_str(),
            ),
        )?;
        Ok("is_pipeline_not_found_exception(), message".to_owned())
    })
    .await;
    run.step("codepipeline: delete pipeline", async {
        client
            .delete_pipeline()
            .name("skiff-pipeline")
            .send()
            .await
            .map_err(|e| failed("DeletePipeline", e))?;
        let out = client
            .list_pipelines()
            .send()
            .await
            .map_err(|e| failed("ListPipelines", e))?;
        eq("pipelines", out.pipelines().len(), 0)?;
        let err = match client.get_pipeline().name("skiff-pipeline").send().await {
            Ok(_) => return Err("still there".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_pipeline_not_found_exception(), || format!("{err:?}"))?;
        Ok("listed none; get is PipelineNotFoundException".to_owned())
    })
    .await;
}

fn cd_tag(key: &str, value: &str) -> cd::types::Tag {
    cd::types::Tag::default().with_key(key).with_value(value)
}

fn cd_tags(tags: &[cd::types::Tag]) -> Vec<(Option<&str>, Option<&str>)> {
    tags.iter().map(|t| (t.key(), t.value())).collect()
}

async fn codedeploy(run: &mut Run, client: &cd::Client, role_arn: &str) {
    let app_arn = format!("arn:aws:codedeploy:{REGION}:{ACCOUNT}:application:skiff-app");
    let app_id = run
        .value("codedeploy: create applications", async {
            let out = client
                .create_application()
                .application_name("skiff-app")
                .compute_platform(cd::types::ComputePlatform::Server)
                .tags(cd_tag("team", "skiff devs"))
                .send()
                .await
                .map_err(|e| failed("CreateApplication", e))?;
            let id = out.application_id().unwrap_or_default().to_owned();
            eq("id length (uuid)", id.len(), 36)?;
            client
                .create_application()
                .application_name("skiff-lambda")
                .compute_platform(cd::types::ComputePlatform::Lambda)
                .send()
                .await
                .map_err(|e| failed("CreateApplication", e))?;
            Ok((id.clone(), format!("skiff-app ({id}), skiff-lambda")))
        })
        .await
        .unwrap_or_default();
    run.step("codedeploy: duplicate application", async {
        let err = match client
            .create_application()
            .application_name("skiff-app")
            .send()
            .await
        {
            Ok(_) => return Err("created twice".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_application_already_exists_exception(), || {
            format!("{err:?}")
        })?;
        eq(
            "message",
            err.message(),
            Some("The application skiff-app already exists with the user or AWS account."),
        )?;
        Ok("is_application_already_exists_exception(), message".to_owned())
    })
    .await;
    run.step("codedeploy: get application (timestamp)", async {
        let out = client
            .get_application()
            .application_name("skiff-app")
            .send()
            .await
            .map_err(|e| failed("GetApplication", e))?;
        let app = out.application().ok_or("no application")?;
        eq("id", app.application_id(), Some(app_id.as_str()))?;
        eq("name", app.application_name(), Some("skiff-app"))?;
        eq(
            "platform",
            app.compute_platform().map(|p| p.as_str()),
            Some("Server"),
        )?;
        let created = app.create_time().copied().ok_or("no create time")?;
        ensure(recent(&created), || format!("create time {created:?}"))?;
        Ok(format!("Server, created {created}"))
    })
    .await;
    run.step("codedeploy: batch get applications", async {
        let out = client
            .batch_get_applications()
            .application_names("skiff-lambda")
            .application_names("skiff-app")
            .send()
            .await
            .map_err(|e| failed("BatchGetApplications", e))?;
        let got: Vec<(Option<&str>, Option<&str>)> = out
            .applications_info()
            .iter()
            .map(|a| {
                (
                    a.application_name(),
                    a.compute_platform().map(|p| p.as_str()),
                )
            })
            .collect();
        eq(
            "applications",
            got,
            vec![
                (Some("skiff-lambda"), Some("Lambda")),
                (Some("skiff-app"), Some("Server")),
            ],
        )?;
        Ok("2, in the order asked".to_owned())
    })
    .await;
    run.step("codedeploy: list applications, paginator", async {
        let mut items = client.list_applications().into_paginator().items();
        let mut got = Vec::new();
        while let Some(name) = items.next().await {
            got.push(name.map_err(|e| failed("ListApplications", e))?);
        }
        eq(
            "applications",
            got,
            vec!["skiff-app".to_owned(), "skiff-lambda".to_owned()],
        )?;
        Ok("skiff-app, skiff-lambda".to_owned())
    })
    .await;
    run.step("codedeploy: missing application", async {
        let err = match client
            .get_application()
            .application_name("skiff-nope")
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_application_does_not_exist_exception(), || {
            format!("{err:?}")
        })?;
        Ok("is_application_does_not_exist_exception()".to_owned())
    })
    .await;
    let group_id = run
        .value("codedeploy: create deployment group", async {
            let out = client
                .create_deployment_group()
                .application_name("skiff-app")
                .deployment_group_name("skiff-group")
                .deployment_config_name("CodeDeployDefault.AllAtOnce")
                .service_role_arn(role_arn)
                .ec2_tag_filters(
                    cd::types::Ec2TagFilter::default()
                        .with_key("Name")
                        .with_value("skiff web")
                        .with_type(cd::types::Ec2TagFilterType::KeyAndValue),
                )
                .auto_rollback_configuration(
                    cd::types::AutoRollbackConfiguration::default()
                        .with_enabled(true)
                        .with_events(cd::types::AutoRollbackEvent::DeploymentFailure),
                )
                .deployment_style(
                    cd::types::DeploymentStyle::default()
                        .with_deployment_type(cd::types::DeploymentType::InPlace)
                        .with_deployment_option(cd::types::DeploymentOption::WithoutTrafficControl),
                )
                .tags(cd_tag("tier", "web"))
                .send()
                .await
                .map_err(|e| failed("CreateDeploymentGroup", e))?;
            let id = out.deployment_group_id().unwrap_or_default().to_owned();
            eq("id length (uuid)", id.len(), 36)?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("codedeploy: duplicate deployment group", async {
        let err = match client
            .create_deployment_group()
            .application_name("skiff-app")
            .deployment_group_name("skiff-group")
            .service_role_arn(role_arn)
            .send()
            .await
        {
            Ok(_) => return Err("created twice".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_deployment_group_already_exists_exception(), || {
            format!("{err:?}")
        })?;
        eq(
            "message",
            err.message(),
            Some("Deployment group skiff-group already exists."),
        )?;
        Ok("is_deployment_group_already_exists_exception(), message".to_owned())
    })
    .await;
    run.step("codedeploy: get deployment group", async {
        let out = client
            .get_deployment_group()
            .application_name("skiff-app")
            .deployment_group_name("skiff-group")
            .send()
            .await
            .map_err(|e| failed("GetDeploymentGroup", e))?;
        let g = out.deployment_group_info().ok_or("no group")?;
        eq("id", g.deployment_group_id(), Some(group_id.as_str()))?;
        eq("application", g.application_name(), Some("skiff-app"))?;
        eq(
            "config",
            g.deployment_config_name(),
            Some("CodeDeployDefault.AllAtOnce"),
        )?;
        eq("role", g.service_role_arn(), Some(role_arn))?;
        let filters: Vec<(Option<&str>, Option<&str>, Option<&str>)> = g
            .ec2_tag_filters()
            .iter()
            .map(|f| (f.key(), f.value(), f.r#type().map(|t| t.as_str())))
            .collect();
        eq(
            "tag filters",
            filters,
            vec![(Some("Name"), Some("skiff web"), Some("KEY_AND_VALUE"))],
        )?;
        let rollback = g.auto_rollback_configuration().ok_or("no rollback")?;
        eq("rollback", rollback.enabled(), true)?;
        eq(
            "rollback events",
            rollback
                .events()
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>(),
            vec!["DEPLOYMENT_FAILURE"],
        )?;
        let style = g.deployment_style().ok_or("no style")?;
        eq(
            "style",
            (
                style.deployment_type().map(|t| t.as_str()),
                style.deployment_option().map(|o| o.as_str()),
            ),
            (Some("IN_PLACE"), Some("WITHOUT_TRAFFIC_CONTROL")),
        )?;
        eq(
            "platform",
            g.compute_platform().map(|p| p.as_str()),
            Some("Server"),
        )?;
        Ok("config, role, tag filter, rollback, style".to_owned())
    })
    .await;
    run.step("codedeploy: list deployment groups, paginator", async {
        let mut pages = client
            .list_deployment_groups()
            .application_name("skiff-app")
            .into_paginator();
        let mut got = Vec::new();
        let mut count = 0;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failed("ListDeploymentGroups", e))?;
            eq("application", page.application_name(), Some("skiff-app"))?;
            got.extend(page.deployment_groups().iter().cloned());
            count += 1;
        }
        eq("pages", count, 1)?;
        eq("groups", got, vec!["skiff-group".to_owned()])?;
        Ok("skiff-group (an empty next token ends the pages)".to_owned())
    })
    .await;
    run.step("codedeploy: missing deployment group", async {
        let err = match client
            .get_deployment_group()
            .application_name("skiff-app")
            .deployment_group_name("skiff-nope")
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_deployment_group_does_not_exist_exception(), || {
            format!("{err:?}")
        })?;
        Ok("is_deployment_group_does_not_exist_exception()".to_owned())
    })
    .await;
    let deployment = run
        .value("codedeploy: create deployment", async {
            let out = client
                .create_deployment()
                .application_name("skiff-app")
                .deployment_group_name("skiff-group")
                .description("first deployment: app bundle.zip, v1 + fixes")
                .revision(
                    cd::types::RevisionLocation::default()
                        .with_revision_type(cd::types::RevisionLocationType::S3)
                        .with_s3_location(
                            cd::types::S3Location::default()
                                .with_bucket("skiff-artifacts")
                                .with_key("app bundle.zip")
                                .with_bundle_type(cd::types::BundleType::Zip),
                        ),
                )
                .send()
                .await
                .map_err(|e| failed("CreateDeployment", e))?;
            let id = out.deployment_id().unwrap_or_default().to_owned();
            eq("id length (uuid)", id.len(), 36)?;
            Ok((id.clone(), id))
        })
        .await
        .unwrap_or_default();
    run.step("codedeploy: get deployment", async {
        let out = client
            .get_deployment()
            .deployment_id(&deployment)
            .send()
            .await
            .map_err(|e| failed("GetDeployment", e))?;
        let d = out.deployment_info().ok_or("no deployment")?;
        eq("id", d.deployment_id(), Some(deployment.as_str()))?;
        eq("application", d.application_name(), Some("skiff-app"))?;
        eq("group", d.deployment_group_name(), Some("skiff-group"))?;
        eq("status", d.status().map(|s| s.as_str()), Some("Created"))?;
        eq("creator", d.creator().map(|c| c.as_str()), Some("user"))?;
        eq(
            "config (the group's)",
            d.deployment_config_name(),
            Some("CodeDeployDefault.AllAtOnce"),
        )?;
        eq(
            "description",
            d.description(),
            Some("first deployment: app bundle.zip, v1 + fixes"),
        )?;
        let s3 = d
            .revision()
            .and_then(|r| r.s3_location())
            .ok_or("no S3 revision")?;
        eq(
            "revision",
            (s3.bucket(), s3.key(), s3.bundle_type().map(|b| b.as_str())),
            (Some("skiff-artifacts"), Some("app bundle.zip"), Some("zip")),
        )?;
        ensure(d.create_time().is_some_and(recent), || {
            format!("create time {:?}", d.create_time())
        })?;
        Ok("Created by user, revision, description, create time".to_owned())
    })
    .await;
    run.step("codedeploy: batch get deployments", async {
        let out = client
            .batch_get_deployments()
            .deployment_ids(&deployment)
            .deployment_ids("00000000-0000-0000-0000-000000000000")
            .send()
            .await
            .map_err(|e| failed("BatchGetDeployments", e))?;
        let ids: Vec<Option<&str>> = out
            .deployments_info()
            .iter()
            .map(|d| d.deployment_id())
            .collect();
        eq("found", ids, vec![Some(deployment.as_str())])?;
        Ok("1 of 2 ids found (unknown ids are skipped)".to_owned())
    })
    .await;
    run.step("codedeploy: list deployments, paginator", async {
        let mut items = client
            .list_deployments()
            .application_name("skiff-app")
            .deployment_group_name("skiff-group")
            .into_paginator()
            .items();
        let mut got = Vec::new();
        while let Some(id) = items.next().await {
            got.push(id.map_err(|e| failed("ListDeployments", e))?);
        }
        eq("deployments", got, vec![deployment.clone()])?;
        Ok("the one deployment".to_owned())
    })
    .await;
    run.step("codedeploy: missing deployment", async {
        let err = match client
            .get_deployment()
            .deployment_id("00000000-0000-0000-0000-000000000000")
            .send()
            .await
        {
            Ok(_) => return Err("found".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_deployment_does_not_exist_exception(), || {
            format!("{err:?}")
        })?;
        Ok("is_deployment_does_not_exist_exception()".to_owned())
    })
    .await;
    run.step("codedeploy: deployment into a missing group", async {
        let err = match client
            .create_deployment()
            .application_name("skiff-app")
            .deployment_group_name("skiff-nope")
            .send()
            .await
        {
            Ok(_) => return Err("created".to_owned()),
            Err(e) => e.into_service_error(),
        };
        ensure(err.is_deployment_group_does_not_exist_exception(), || {
            format!("{err:?}")
        })?;
        Ok("is_deployment_group_does_not_exist_exception()".to_owned())
    })
    .await;
    run.step("codedeploy: tags (list, tag, untag)", async {
        let out = client
            .list_tags_for_resource()
            .resource_arn(&app_arn)
            .send()
            .await
            .map_err(|e| failed("ListTagsForResource", e))?;
        eq(
            "tags at creation",
            cd_tags(out.tags()),
            vec![(Some("team"), Some("skiff devs"))],
        )?;
        client
            .tag_resource()
            .resource_arn(&app_arn)
            .tags(cd_tag("release train", "2 + 3"))
            .send()
            .await
            .map_err(|e| failed("TagResource", e))?;
        client
            .untag_resource()
            .resource_arn(&app_arn)
            .tag_keys("team")
            .send()
            .await
            .map_err(|e| failed("UntagResource", e))?;
        let out = client
            .list_tags_for_resource()
            .resource_arn(&app_arn)
            .send()
            .await
            .map_err(|e| failed("ListTagsForResource", e))?;
        eq(
            "tags",
            cd_tags(out.tags()),
            vec![(Some("release train"), Some("2 + 3"))],
        )?;
        Ok("team -> release train".to_owned())
    })
    .await;
}
