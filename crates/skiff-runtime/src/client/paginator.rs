//! [`Paginator`]: a `Stream` of the pages of a `@paginated` operation, and [`Items`], a
//! `Stream` of the items in those pages.
//!
//! The paginator works on [`Value`]s with the member positions the generated
//! [`Paginated`](crate::schema::Paginated) table gives, so one non-generic loop serves every
//! paginated operation. Rules: the first request is the caller's input as built; each next
//! request sets the input token to the output token of the page before; the stream ends when
//! the output token is absent or empty (tokens are usually strings, but may be any shape); if
//! the service answers with the very token it was sent,
//! the page is yielded and then an error (a service that repeats itself would otherwise page
//! forever).

use std::collections::VecDeque;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::{into_output, into_sdk_error, Handle, Output};
use crate::error::Failure;
use crate::error::{ErrorMeta, OperationError, ResponseError, SdkError};
use crate::http::ResponseMeta;
use crate::schema::Operation;
use crate::value::{Shape, Value};

type PageFuture = Pin<Box<dyn Future<Output = Result<(Value, ResponseMeta), Failure>> + Send>>;

enum State {
    /// Ready to send the next request.
    Idle,
    /// A request is in flight.
    InFlight(PageFuture),
    /// The next item is this error, then the stream ends.
    Failed(String),
    /// No more pages.
    Done,
}

/// A stream of pages (`Result<Output, SdkError<Error>>`) of a paginated operation; `T` is the
/// item type when the operation's `@paginated` trait names its items (see
/// [`Paginator::items`]).
pub struct Paginator<O, E, T = ()> {
    handle: Handle,
    op: &'static Operation,
    input: Value,
    sent_token: Option<Value>,
    state: State,
    items: Option<fn(O) -> Vec<T>>,
    _types: PhantomData<fn() -> E>,
}

impl<O, E, T> std::fmt::Debug for Paginator<O, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &self.op.name)
            .finish_non_exhaustive()
    }
}

impl<O: Output, E: OperationError, T> Paginator<O, E, T> {
    /// A paginator starting from `input`; `items` takes the items out of a page, when the
    /// operation names them.
    pub fn new(
        handle: Handle,
        op: &'static Operation,
        input: &impl Shape,
        items: Option<fn(O) -> Vec<T>>,
    ) -> Self {
        let input = input.to_value();
        let sent_token = op
            .paginated
            .and_then(|p| value_at(&input, &[p.input_token]))
            .cloned();
        Paginator {
            handle,
            op,
            input,
            sent_token,
            state: State::Idle,
            items,
            _types: PhantomData,
        }
    }

    /// The next page, or `None` after the last one (the inherent form of `Stream::poll_next`).
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// A stream of the items of every page. For an operation whose `@paginated` trait names
    /// no items, there are none.
    pub fn items(self) -> Items<O, E, T> {
        Items {
            pages: self,
            buffer: VecDeque::new(),
        }
    }

    /// Records a page's output token; returns whether paging goes on.
    fn advance(&mut self, page: &Value) -> Result<bool, String> {
        let Some(p) = self.op.paginated else {
            return Ok(false);
        };
        let Some(token) = value_at(page, p.output_token).filter(|t| !is_empty(t)) else {
            return Ok(false);
        };
        if self.sent_token.as_ref() == Some(token) {
            return Err(format!(
                "{} returned the pagination token it was sent; stopping instead of repeating the request",
                self.op.name
            ));
        }
        if let Value::Struct(slots) = &mut self.input {
            if let Some(slot) = slots.get_mut(p.input_token) {
                *slot = Some(token.clone());
            }
        }
        self.sent_token = Some(token.clone());
        Ok(true)
    }
}

/// The value at a path of member positions in nested structures.
fn value_at<'v>(value: &'v Value, path: &[usize]) -> Option<&'v Value> {
    let mut current = value;
    for index in path {
        match current {
            Value::Struct(slots) => current = slots.get(*index)?.as_ref()?,
            _ => return None,
        }
    }
    Some(current)
}

/// Whether a token means "no more pages": empty text, or an empty map, list or structure
/// (some services page with a key map, e.g. DynamoDB's `LastEvaluatedKey`).
fn is_empty(token: &Value) -> bool {
    match token {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Struct(slots) => slots.iter().all(Option::is_none),
        _ => false,
    }
}

impl<O: Output, E: OperationError, T> Stream for Paginator<O, E, T> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is Unpin (the future is boxed), so the paginator is Unpin.
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Failed(reason) => {
                    let reason = std::mem::take(reason);
                    this.state = State::Done;
                    return Poll::Ready(Some(Err(SdkError::Response(ResponseError::new(
                        ErrorMeta::default(),
                        reason,
                    )))));
                }
                State::Idle => {
                    let handle = this.handle.clone();
                    let op = this.op;
                    let input = this.input.clone();
                    this.state =
                        State::InFlight(Box::pin(async move { handle.invoke(op, input).await }));
                }
                State::InFlight(future) => {
                    let result = match future.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(result) => result,
                    };
                    return Poll::Ready(Some(match result {
                        Ok((page, meta)) => {
                            this.state = match this.advance(&page) {
                                Ok(true) => State::Idle,
                                Ok(false) => State::Done,
                                Err(reason) => State::Failed(reason),
                            };
                            into_output(this.op, page, meta)
                        }
                        Err(failure) => {
                            this.state = State::Done;
                            Err(into_sdk_error(this.op, failure))
                        }
                    }));
                }
            }
        }
    }
}

/// A stream of the items of every page of a paginated operation.
pub struct Items<O, E, T> {
    pages: Paginator<O, E, T>,
    buffer: VecDeque<T>,
}

impl<O, E, T> std::fmt::Debug for Items<O, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("operation", &self.pages.op.name)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl<O: Output, E: OperationError, T: Unpin> Items<O, E, T> {
    /// The next item, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O: Output, E: OperationError, T: Unpin> Stream for Items<O, E, T> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    if let Some(items) = this.pages.items {
                        this.buffer.extend(items(page));
                    }
                }
            }
        }
    }
}
