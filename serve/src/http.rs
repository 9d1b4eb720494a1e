//! Every request's way through the service: the guard (token, slots, timeout, metrics), the
//! dispatch to a handler by path and method, body reading under limits, and the streamed
//! batch response.

use std::future::poll_fn;
use std::ops::Range;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::{Bytes, BytesMut};
use discreet::line::{self, LineOptions};
use discreet::{Direction, Redactor};
use http_body::{Body as _, Frame, SizeHint};
use serde_json::value::RawValue;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::engine::Engine;
use crate::metrics::{Limit, Metrics, Route};
use crate::ServeArgs;

/// Every route the service answers, as (method, path): [`handle`] dispatches these paths
/// and methods (a GET route answers HEAD too), and a test holds `docs/openapi.yaml` to
/// this list.
pub const ROUTES: [(&str, &str); 6] = [
    ("POST", "/v1/classify"),
    ("POST", "/v1/redact"),
    ("POST", "/v1/scan"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
];

/// Items judged per blocking task in a batch: big enough that handing work to the blocking
/// pool costs little per item, small enough that the first lines go out at once.
const CHUNK: usize = 64;

/// State shared by every request.
#[derive(Debug)]
pub(crate) struct App {
    engine: RwLock<Arc<Engine>>,
    pub(crate) metrics: Metrics,
    slots: Arc<Semaphore>,
    pub(crate) shutting_down: AtomicBool,
    pub(crate) args: ServeArgs,
}

impl App {
    pub(crate) fn new(engine: Engine, args: ServeArgs) -> App {
        App {
            slots: Arc::new(Semaphore::new(engine.limits.max_concurrent)),
            engine: RwLock::new(Arc::new(engine)),
            metrics: Metrics::default(),
            shutting_down: AtomicBool::new(false),
            args,
        }
    }

    pub(crate) fn engine(&self) -> Arc<Engine> {
        self.engine
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn replace_engine(&self, engine: Engine) {
        *self.engine.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(engine);
    }
}

/// A request as it comes off the connection; its body is read only by the handlers that
/// take one.
pub(crate) type Request = axum::http::Request<hyper::body::Incoming>;

/// A request that gets no result: the status and a JSON body `{"error": …}`, plus
/// `"limit": …` when a limit was exceeded. Messages never quote the request.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    limit: Option<Limit>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            limit: None,
        }
    }

    fn limit(limit: Limit, status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            limit: Some(limit),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            error: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            limit: Option<&'static str>,
        }
        let body = serde_json::to_vec(&Body {
            error: &self.message,
            limit: self.limit.map(Limit::name),
        })
        .unwrap_or_default();
        let mut r = (self.status, json_headers(), body).into_response();
        match self.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            StatusCode::UNAUTHORIZED => {
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            // The body may be half read: the connection cannot carry another request.
            StatusCode::REQUEST_TIMEOUT | StatusCode::PAYLOAD_TOO_LARGE => {
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            _ => {}
        }
        if let Some(l) = self.limit {
            r.extensions_mut().insert(l);
        }
        r
    }
}

fn json_headers() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )]
}

/// Answers one request: the token, a slot and the timeout for the work routes, the handler
/// its path and method name, and for every route the metrics and the log line, taken when
/// the response body is done.
///
/// The paths are fixed, so the dispatch is a `match` rather than a general router: a
/// router's per-request work (cloning boxed services, a map of path parameters, boxed
/// middleware futures) was about a third of the allocations of a `/v1/classify` call.
pub(crate) async fn handle(app: Arc<App>, req: Request) -> axum::http::Response<Tracked> {
    let start = Instant::now();
    let route = Route::from_path(req.uri().path());
    app.metrics.started();
    let engine = app.engine();
    let limits = engine.limits;
    let mut permit = None;
    let protected = route.is_api() || route == Route::Metrics;
    let response = if protected && !engine.token_matches(bearer(req.headers())) {
        ApiError::new(StatusCode::UNAUTHORIZED, "missing or wrong bearer token").into_response()
    } else if route.is_api() {
        match app.slots.clone().try_acquire_owned() {
            Err(_) => ApiError::limit(
                Limit::MaxConcurrent,
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "more than max_concurrent ({}) requests at once; retry later",
                    limits.max_concurrent
                ),
            )
            .into_response(),
            Ok(p) => {
                permit = Some(p);
                let deadline = start + limits.request_timeout;
                let work = work(&app, engine, route, req, deadline);
                match tokio::time::timeout(limits.request_timeout, work).await {
                    Ok(r) => r,
                    Err(_) => ApiError::limit(
                        Limit::RequestTimeout,
                        StatusCode::REQUEST_TIMEOUT,
                        format!(
                            "the request took longer than request_timeout ({} ms)",
                            limits.request_timeout.as_millis()
                        ),
                    )
                    .into_response(),
                }
            }
        }
    } else {
        plain(&app, &engine, route, req.method())
    };
    if let Some(l) = response.extensions().get::<Limit>() {
        app.metrics.limit_hit(*l);
    }
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let tracked = Tracked {
        inner: body,
        done: Some(Done {
            app,
            route,
            status,
            start,
            _permit: permit,
        }),
    };
    // Handed to the connection as it is: boxing it into a `Body` would be one more
    // allocation per request.
    axum::http::Response::from_parts(parts, tracked)
}

/// The bearer token of an `Authorization` header.
fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let v = headers.get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = v.split_at(v.iter().position(|&b| b == b' ')?);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| token.trim_ascii())
}

/// The work routes, which take POST only. A batch must be done by `deadline` (its arrival
/// plus the request timeout).
async fn work(
    app: &Arc<App>,
    engine: Arc<Engine>,
    route: Route,
    req: Request,
    deadline: Instant,
) -> Response {
    if req.method() != Method::POST {
        return method_not_allowed("POST");
    }
    let r = match route {
        Route::Classify => judge_one(app, &engine, req, false).await,
        Route::Redact => judge_one(app, &engine, req, true).await,
        _ => scan(app.clone(), engine, deadline, req).await,
    };
    r.unwrap_or_else(IntoResponse::into_response)
}

/// The routes that read no body, GET (and so HEAD) only, and unknown paths.
fn plain(app: &App, engine: &Engine, route: Route, method: &Method) -> Response {
    if route == Route::Other {
        return ApiError::new(StatusCode::NOT_FOUND, "no such route").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed("GET,HEAD");
    }
    match route {
        Route::Readyz => readyz(app, engine),
        Route::Metrics => metrics(app),
        _ => healthz(),
    }
}

/// What to do when a response body is finished or dropped: count it, log it, free its slot.
struct Done {
    app: Arc<App>,
    route: Route,
    status: u16,
    start: Instant,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Done {
    fn finish(self) {
        let took = self.start.elapsed();
        self.app.metrics.finished(self.route, self.status, took);
        tracing::debug!(
            route = self.route.label(),
            status = self.status,
            micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX),
            "request"
        );
    }
}

/// A response body that reports when it is done. A streamed batch holds its slot until its
/// last line is written, not just until its headers are.
pub(crate) struct Tracked {
    inner: Body,
    done: Option<Done>,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let r = Pin::new(&mut this.inner).poll_frame(cx);
        if matches!(r, Poll::Ready(None) | Poll::Ready(Some(Err(_)))) {
            if let Some(d) = this.done.take() {
                d.finish();
            }
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Some(d) = self.done.take() {
            d.finish();
        }
    }
}

/// Whether the request's media type (without parameters, in any case) is one of `types`.
/// Compared in place: a lowercased copy would be an allocation on every request.
fn media_type_is(headers: &HeaderMap, types: &[&str]) -> bool {
    let Some(v) = headers.get(header::CONTENT_TYPE) else {
        return false;
    };
    let v = v.as_bytes();
    let m = v.split(|&b| b == b';').next().unwrap_or(v).trim_ascii();
    types.iter().any(|t| m.eq_ignore_ascii_case(t.as_bytes()))
}

fn unsupported(expected: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("Content-Type must be {expected}"),
    )
}

/// Reads the whole body, refusing it as soon as it passes `max` bytes: a declared length
/// over the limit is refused before a byte is read, and nothing past the limit is kept.
async fn read_body(req: Request, max: usize) -> Result<Bytes, ApiError> {
    let too_big = || {
        ApiError::limit(
            Limit::MaxBodyBytes,
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than max_body_bytes ({max})"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_big());
    }
    let mut body = req.into_body();
    // A body in one frame (most: a declared length that fits the read buffer) is kept as
    // it came, without a copy; only a body in several frames is gathered into one buffer.
    let mut whole: Option<Bytes> = None;
    let mut buf = BytesMut::new();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "the request body could not be read",
            )
        })?;
        if let Ok(data) = frame.into_data() {
            let have = whole.as_ref().map_or(buf.len(), Bytes::len);
            if have + data.len() > max {
                return Err(too_big());
            }
            match whole.take() {
                None if buf.is_empty() => whole = Some(data),
                first => {
                    if let Some(first) = first {
                        let want = declared.map_or(0, |n| n as usize);
                        buf.reserve(want.max(first.len() + data.len()));
                        buf.extend_from_slice(&first);
                    }
                    buf.extend_from_slice(&data);
                }
            }
        }
    }
    Ok(whole.unwrap_or_else(|| buf.freeze()))
}

fn item_too_big(what: &str, max: usize) -> ApiError {
    ApiError::limit(
        Limit::MaxItemBytes,
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("{what} is larger than max_item_bytes ({max})"),
    )
}

/// The optional fields of a redact request beyond the scan contract's.
#[derive(serde::Deserialize)]
struct RedactFields<'a> {
    #[serde(borrow, default)]
    policy: Option<&'a RawValue>,
}

/// One item in, one verdict line out (with `"redacted"` for /v1/redact).
async fn judge_one(
    app: &App,
    engine: &Engine,
    req: Request,
    with_redaction: bool,
) -> Result<Response, ApiError> {
    if !media_type_is(req.headers(), &["application/json"]) {
        return Err(unsupported("application/json"));
    }
    let limits = engine.limits;
    let body = read_body(req, limits.max_body_bytes).await?;
    if body.len() > limits.max_item_bytes {
        return Err(item_too_big("the item", limits.max_item_bytes));
    }
    let item = match line::parse_line(&body) {
        Ok(item) => item,
        Err(e) => {
            app.metrics.item_error();
            return Err(ApiError::new(StatusCode::BAD_REQUEST, e.message));
        }
    };
    let redactor = if with_redaction {
        Some(policy_of(engine, &body)?)
    } else {
        None
    };
    let direction = item.direction.unwrap_or_default();
    let verdict = engine.scanner.classify(&item.text, direction);
    app.metrics.verdict(&verdict);
    // Room for a verdict with a few findings and their reasons, so the line is written
    // without growing the buffer.
    let mut out = Vec::with_capacity(1024);
    line::write_verdict(&mut out, item.id, &item.text, &verdict, redactor);
    Ok((StatusCode::OK, json_headers(), out).into_response())
}

/// The redactor named by the body's `"policy"` (the `default` policy when absent).
fn policy_of<'e>(engine: &'e Engine, body: &[u8]) -> Result<&'e Redactor, ApiError> {
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "\"policy\" must be the name of a configured policy",
        )
    };
    // The body already parsed as an object, so this only fails on the field's type.
    let fields: RedactFields<'_> = serde_json::from_slice(body).map_err(|_| bad())?;
    let name: &str = match fields.policy {
        None => "default",
        Some(raw) if raw.get() == "null" => "default",
        Some(raw) => serde_json::from_str(raw.get()).map_err(|_| bad())?,
    };
    engine.redactor(name).ok_or_else(|| {
        let known: Vec<&str> = engine.policy_names().collect();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("unknown policy; configured: {}", known.join(", ")),
        )
    })
}

/// How a batch body holds its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BatchFormat {
    /// A JSON array of item objects; error lines say `item N`.
    Array,
    /// One item object per line; error lines say `line N`.
    Lines,
}

/// `?direction=…&policy=…` of /v1/scan.
fn batch_options(query: Option<&str>, engine: &Engine) -> Result<LineOptions, ApiError> {
    let mut opts = LineOptions::default();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "direction" => {
                opts.default_direction = v.parse::<Direction>().map_err(|_| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "direction must be incoming or outgoing",
                    )
                })?;
            }
            "policy" => {
                let r = engine.redactor(v).ok_or_else(|| {
                    let known: Vec<&str> = engine.policy_names().collect();
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("unknown policy; configured: {}", known.join(", ")),
                    )
                })?;
                opts.redactor = Some(r.clone());
            }
            _ => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "unknown query parameter; known: direction, policy",
                ))
            }
        }
    }
    Ok(opts)
}

/// A batch: every item checked against the limits before the first line goes out (a limit
/// is a status code, which a started stream can no longer give), then judged in order and
/// streamed back a chunk at a time.
async fn scan(
    app: Arc<App>,
    engine: Arc<Engine>,
    deadline: Instant,
    req: Request,
) -> Result<Response, ApiError> {
    let format = if media_type_is(req.headers(), &["application/json"]) {
        BatchFormat::Array
    } else if media_type_is(
        req.headers(),
        &[
            "application/x-ndjson",
            "application/jsonl",
            "application/jsonlines",
        ],
    ) {
        BatchFormat::Lines
    } else {
        return Err(unsupported("application/json or application/x-ndjson"));
    };
    let opts = batch_options(req.uri().query(), &engine)?;
    let body = read_body(req, engine.limits.max_body_bytes).await?;
    let items = match format {
        BatchFormat::Array => array_items(&body, &engine)?,
        BatchFormat::Lines => line_items(&body, &engine)?,
    };
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(produce(
        app,
        engine,
        body,
        items.into(),
        format,
        opts,
        tx,
        deadline,
    ));
    // The producer's chunks, in order; an `Err` (the deadline passed) ends the response
    // without its final chunk, so the client sees a cut-off batch, not a short one.
    let chunks = futures_util::stream::poll_fn(move |cx| {
        rx.poll_recv(cx)
            .map(|c| c.map(|c| c.map_err(|()| "the batch was cut off at request_timeout")))
    });
    let mut r = Body::from_stream(chunks).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(r)
}

fn too_many(max: usize) -> ApiError {
    ApiError::limit(
        Limit::MaxItems,
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the batch has more than max_items ({max}) items"),
    )
}

/// The byte range of every element of a JSON array body.
fn array_items(body: &Bytes, engine: &Engine) -> Result<Vec<Range<usize>>, ApiError> {
    let limits = engine.limits;
    let elements: Vec<&RawValue> = serde_json::from_slice(body).map_err(|e| {
        // serde's message can quote the body: only the position is kept.
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body is not a JSON array of items (error at line {} column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if elements.len() > limits.max_items {
        return Err(too_many(limits.max_items));
    }
    let base = body.as_ptr() as usize;
    let mut ranges = Vec::with_capacity(elements.len());
    for (i, e) in elements.iter().enumerate() {
        let raw = e.get().as_bytes();
        if raw.len() > limits.max_item_bytes {
            return Err(item_too_big(
                &format!("item {}", i + 1),
                limits.max_item_bytes,
            ));
        }
        // Borrowed raw values point into the body; their offset is their place in it.
        let start = raw.as_ptr() as usize - base;
        ranges.push(start..start + raw.len());
    }
    Ok(ranges)
}

/// The byte range of every line of a JSON Lines body (a final newline ends the last line,
/// it does not start an empty one).
fn line_items(body: &Bytes, engine: &Engine) -> Result<Vec<Range<usize>>, ApiError> {
    let limits = engine.limits;
    let mut ranges = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let end = body[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| start + i);
        if ranges.len() == limits.max_items {
            return Err(too_many(limits.max_items));
        }
        if end - start > limits.max_item_bytes {
            return Err(item_too_big(
                &format!("line {}", ranges.len() + 1),
                limits.max_item_bytes,
            ));
        }
        ranges.push(start..end);
        start = end + 1;
    }
    Ok(ranges)
}

/// Judges a batch chunk by chunk on the blocking pool and sends each chunk's lines, in
/// order, until the batch is done, the client is gone, or the deadline passes (then the
/// response is cut off, which the client sees as an incomplete body).
#[allow(clippy::too_many_arguments)]
async fn produce(
    app: Arc<App>,
    engine: Arc<Engine>,
    body: Bytes,
    items: Arc<[Range<usize>]>,
    format: BatchFormat,
    opts: LineOptions,
    tx: mpsc::Sender<Result<Bytes, ()>>,
    deadline: Instant,
) {
    let opts = Arc::new(opts);
    let deadline = tokio::time::Instant::from_std(deadline);
    let mut first = 0;
    while first < items.len() {
        let last = (first + CHUNK).min(items.len());
        let (app2, engine2, body2, items2, opts2) = (
            app.clone(),
            engine.clone(),
            body.clone(),
            items.clone(),
            opts.clone(),
        );
        let work = tokio::task::spawn_blocking(move || {
            judge_chunk(
                &app2,
                &engine2,
                &body2,
                &items2,
                first..last,
                format,
                &opts2,
            )
        });
        let sent = match tokio::time::timeout_at(deadline, work).await {
            Ok(Ok(out)) => tokio::time::timeout_at(deadline, tx.send(Ok(out))).await,
            Ok(Err(_)) => return, // judging never panics; if it did, end the stream
            Err(elapsed) => Err(elapsed),
        };
        match sent {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return, // the client went away
            Err(_) => {
                app.metrics.limit_hit(Limit::RequestTimeout);
                tracing::warn!(
                    items = items.len(),
                    done = first,
                    "batch cut off at request_timeout"
                );
                let _ = tx.try_send(Err(()));
                return;
            }
        }
        first = last;
    }
}

fn judge_chunk(
    app: &App,
    engine: &Engine,
    body: &[u8],
    items: &[Range<usize>],
    range: Range<usize>,
    format: BatchFormat,
    opts: &LineOptions,
) -> Bytes {
    let mut out = Vec::with_capacity(range.len() * 256);
    for n in range {
        let raw = &body[items[n].clone()];
        let no = n as u64 + 1;
        match format {
            BatchFormat::Lines => {
                let j = line::judge_line(&engine.scanner, raw, no, opts, &mut out);
                app.metrics.judged(&j);
            }
            BatchFormat::Array => match line::parse_line(raw) {
                Ok(item) => {
                    let direction = item.direction.unwrap_or(opts.default_direction);
                    let v = engine.scanner.classify(&item.text, direction);
                    line::write_verdict(&mut out, item.id, &item.text, &v, opts.redactor.as_ref());
                    app.metrics.verdict(&v);
                }
                Err(e) => {
                    line::write_error(&mut out, e.id, format!("item {no}: {}", e.message));
                    app.metrics.item_error();
                }
            },
        }
    }
    Bytes::from(out)
}

fn healthz() -> Response {
    (StatusCode::OK, json_headers(), "{\"status\":\"ok\"}\n").into_response()
}

fn readyz(app: &App, engine: &Engine) -> Response {
    if app.shutting_down.load(Ordering::Relaxed) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            json_headers(),
            "{\"status\":\"shutting_down\"}\n",
        )
            .into_response();
    }
    let body = serde_json::json!({
        "status": "ready",
        "rules": engine.scanner.rules().len(),
        "policies": engine.policy_names().collect::<Vec<_>>(),
    });
    (StatusCode::OK, json_headers(), format!("{body}\n")).into_response()
}

fn metrics(app: &App) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        app.metrics.render(),
    )
        .into_response()
}

/// 405, with the methods the route takes in `Allow`.
fn method_not_allowed(allow: &'static str) -> Response {
    let mut r = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
    .into_response();
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    r
}
