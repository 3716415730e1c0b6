//! Typed mocks (feature `test-util`): unit-test code that calls a generated client without
//! faking wire bytes.
//!
//! A [`Rule`] is made per operation with [`mock!`](crate::mock) from the client method
//! (`mock!(Client::describe_thing)`): an optional predicate on the typed input
//! ([`RuleBuilder::match_requests`]), then the answers in order — typed outputs
//! ([`RuleBuilder::then_output`]), modeled or unhandled errors ([`RuleBuilder::then_error`]),
//! failures before any answer ([`RuleBuilder::then_transport_error`]) — and
//! [`Rule::repeatedly`] to repeat the last one forever. [`Mocks`] holds the rules and
//! goes into the real client's configuration (`ConfigBuilder::mock`); every call tries the
//! rules in order and the first one that matches its operation and input, and still has an
//! answer, answers it. With [`Mocks::new`] (strict) a call no rule answers fails with a
//! configuration error naming the operation; [`Mocks::lenient`] sends it for real instead.
//! [`Rule::num_calls`] counts the calls a rule answered.
//!
//! The client is the real generated client: input validation (required members), defaults,
//! typed output conversion, paginators and waiters run as in production. The mock replaces
//! what follows validation: endpoint, signing, transport and retries.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::Output;
use crate::config::MockResponder;
use crate::error::{ConfigError, ErrorMeta, Failure, OperationError};
use crate::http::{Headers, ResponseMeta, TransportError};
use crate::schema::Operation;
use crate::value::{Shape, Value};

/// What generated fluent builders say about their operation, so that [`mock!`](crate::mock)
/// can infer the types of a rule from a client method (feature `test-util`).
pub trait MockOperation {
    /// The operation's input.
    type Input: Shape;
    /// The operation's output.
    type Output: Output;
    /// The operation's error enum.
    type Error: OperationError;
    /// The operation descriptor.
    fn operation() -> &'static Operation;
}

/// The request id of mocked answers.
pub const MOCK_REQUEST_ID: &str = "mock-request-id";

type Answer = Result<(Value, ResponseMeta), Failure>;
type MakeAnswer = Box<dyn Fn() -> Answer + Send + Sync>;
type Predicate = Box<dyn Fn(&Value) -> bool + Send + Sync>;
/// Ties a builder to its operation's types without owning any.
type Types<I, O, E> = PhantomData<fn() -> (I, O, E)>;

/// A rule under construction; see the module docs.
pub struct RuleBuilder<I, O, E> {
    op: &'static Operation,
    predicate: Option<Predicate>,
    answers: Vec<MakeAnswer>,
    types: Types<I, O, E>,
}

/// The builder of a rule for the operation of client method `method` (what
/// [`mock!`](crate::mock) calls).
pub fn rule_for<C, B: MockOperation>(
    method: fn(&C) -> B,
) -> RuleBuilder<B::Input, B::Output, B::Error> {
    let _ = method;
    RuleBuilder {
        op: B::operation(),
        predicate: None,
        answers: Vec::new(),
        types: PhantomData,
    }
}

impl<I: Shape + 'static, O: Output + 'static, E: OperationError + 'static> RuleBuilder<I, O, E> {
    /// Answers only calls whose input satisfies `predicate`.
    pub fn match_requests(
        mut self,
        predicate: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.predicate = Some(Box::new(move |value: &Value| {
            I::from_value(value.clone()).is_ok_and(|input| predicate(&input))
        }));
        self
    }

    /// Then answers with the output `make` builds (status 200, request id
    /// [`MOCK_REQUEST_ID`]).
    pub fn then_output(mut self, make: impl Fn() -> O + Send + Sync + 'static) -> Rule {
        self.answers.push(output_answer(make));
        self.build()
    }

    /// Then answers with the error `make` builds: a modeled variant gets its error's status
    /// and code; `Unhandled` keeps the metadata it was made with.
    pub fn then_error(mut self, make: impl Fn() -> E + Send + Sync + 'static) -> Rule {
        self.answers.push(error_answer(self.op, make));
        self.build()
    }

    /// Then fails as if no answer came (`SdkError::Transport`).
    pub fn then_transport_error(
        mut self,
        make: impl Fn() -> TransportError + Send + Sync + 'static,
    ) -> Rule {
        self.answers
            .push(Box::new(move || Err(Failure::Transport(make()))));
        self.build()
    }

    fn build(self) -> Rule {
        Rule {
            inner: Arc::new(RuleInner {
                op: self.op,
                predicate: self.predicate,
                answers: Mutex::new(self.answers.into()),
                repeat_last: Mutex::new(None),
                calls: AtomicUsize::new(0),
            }),
            types: PhantomData,
        }
    }
}

/// A mock rule: an operation, an optional input predicate, and answers in order. Clones share
/// the answers and the call count.
pub struct Rule {
    inner: Arc<RuleInner>,
    types: PhantomData<()>,
}

struct RuleInner {
    op: &'static Operation,
    predicate: Option<Predicate>,
    answers: Mutex<VecDeque<MakeAnswer>>,
    /// Set by [`Rule::repeatedly`]: the answer given once the others are used up.
    repeat_last: Mutex<Option<Arc<MakeAnswer>>>,
    calls: AtomicUsize,
}

impl Clone for Rule {
    fn clone(&self) -> Self {
        Rule {
            inner: self.inner.clone(),
            types: PhantomData,
        }
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.inner.op.name)
            .field("calls", &self.num_calls())
            .finish_non_exhaustive()
    }
}

impl Rule {
    fn push(self, answer: MakeAnswer) -> Self {
        crate::timer::lock(&self.inner.answers).push_back(answer);
        self
    }

    /// Then (after the previous answers) answers with another output.
    pub fn and_then_output<O: Output + 'static>(
        self,
        make: impl Fn() -> O + Send + Sync + 'static,
    ) -> Self {
        self.push(output_answer(make))
    }

    /// Then (after the previous answers) answers with an error of the operation's error enum.
    pub fn and_then_error<E: OperationError + 'static>(
        self,
        make: impl Fn() -> E + Send + Sync + 'static,
    ) -> Self {
        let answer = error_answer(self.inner.op, make);
        self.push(answer)
    }

    /// Repeats the last answer forever once the others are used up.
    pub fn repeatedly(self) -> Self {
        let last = crate::timer::lock(&self.inner.answers).pop_back();
        *crate::timer::lock(&self.inner.repeat_last) = last.map(Arc::new);
        self
    }

    /// How many calls this rule answered.
    pub fn num_calls(&self) -> usize {
        self.inner.calls.load(Ordering::SeqCst)
    }

    /// Whether the rule has no answer left.
    pub fn is_exhausted(&self) -> bool {
        crate::timer::lock(&self.inner.answers).is_empty()
            && crate::timer::lock(&self.inner.repeat_last).is_none()
    }

    /// The answer to a call, if this rule takes it.
    fn answer(&self, op: &Operation, input: &Value) -> Option<Answer> {
        let inner = &self.inner;
        if !std::ptr::eq(inner.op, op) && inner.op.name != op.name {
            return None;
        }
        if !inner.predicate.as_ref().is_none_or(|p| p(input)) {
            return None;
        }
        let next = crate::timer::lock(&inner.answers).pop_front();
        let answer = match next {
            Some(make) => make(),
            None => {
                let repeat = crate::timer::lock(&inner.repeat_last).clone()?;
                repeat()
            }
        };
        inner.calls.fetch_add(1, Ordering::SeqCst);
        Some(answer)
    }
}

fn output_answer<O: Output + 'static>(make: impl Fn() -> O + Send + Sync + 'static) -> MakeAnswer {
    Box::new(move || {
        Ok((
            make().to_value(),
            ResponseMeta::new(200, Headers::new(), Some(MOCK_REQUEST_ID.to_owned())),
        ))
    })
}

fn error_answer<E: OperationError + 'static>(
    op: &'static Operation,
    make: impl Fn() -> E + Send + Sync + 'static,
) -> MakeAnswer {
    Box::new(move || {
        let error = make();
        let (meta, modeled) = match error.to_modeled() {
            Some((index, value)) => {
                let info = op.errors.get(index).and_then(|s| s.error);
                let meta = ErrorMeta::new(
                    info.map_or(400, |i| if i.status == 0 { 400 } else { i.status }),
                    info.map(|i| i.code.to_owned()),
                    crate::error::ProvideErrorMeta::message(&error).map(str::to_owned),
                    Some(MOCK_REQUEST_ID.to_owned()),
                );
                (meta, Some((index, value)))
            }
            None => (crate::error::ProvideErrorMeta::meta(&error).clone(), None),
        };
        Err(Failure::Service {
            meta: Box::new(meta),
            modeled,
        })
    })
}

/// The rules a mocked client answers with; goes into `ConfigBuilder::mock`.
#[derive(Debug)]
pub struct Mocks {
    rules: Vec<Rule>,
    strict: bool,
}

impl Mocks {
    /// Strict mocks: a call no rule answers fails with a configuration error.
    pub fn new<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Self {
        Mocks {
            rules: rules.into_iter().cloned().collect(),
            strict: true,
        }
    }

    /// Calls no rule answers go to the configured transport.
    pub fn lenient(mut self) -> Self {
        self.strict = false;
        self
    }
}

impl MockResponder for Mocks {
    fn respond(&self, op: &'static Operation, input: &Value) -> Option<Answer> {
        for rule in &self.rules {
            if let Some(answer) = rule.answer(op, input) {
                return Some(answer);
            }
        }
        self.strict.then(|| {
            Err(Failure::Config(ConfigError::new(format!(
                "no mock rule answers this call of {} (strict mocks)",
                op.name
            ))))
        })
    }
}

/// A [`Rule`] builder for the operation of a generated client method:
/// `mock!(Client::get_thing).match_requests(|i| ..).then_output(|| ..)` (feature `test-util`
/// of the runtime and of the generated crate).
#[macro_export]
macro_rules! mock {
    ($($method:tt)::+) => {
        $crate::client::mock::rule_for($($method)::+)
    };
}
