//! The preview page's HTTP side (axum on tokio): the page, its script and style, the
//! pages of the last good render as SVG, the PDF, the event stream, and the switcher.
//! Nothing else is served, and no URL names a file.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use serde::Deserialize;

use super::Msg;
use super::render::Preview;
use crate::model::Paper;

const PAGE: &str = include_str!("preview.html");
const SCRIPT: &str = include_str!("preview.js");
const STYLE: &str = include_str!("preview.css");

#[derive(Clone)]
struct App {
    preview: Preview,
    /// To the render loop (std's channel: that loop is not async).
    tx: mpsc::Sender<Msg>,
    /// The `Host` values a request may carry: the address it was sent to.
    hosts: Vec<String>,
}

/// Serves on `listener` from a thread of its own; Ctrl-C there tells the render loop.
pub(crate) fn spawn(
    listener: TcpListener,
    preview: Preview,
    tx: mpsc::Sender<Msg>,
) -> Result<(), String> {
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        hosts.push(format!("localhost:{}", addr.port()));
    }
    let app = App { preview, tx, hosts };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the preview server: {e}"))?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let quit = app.tx.clone();
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_ok() {
                    let _ = quit.send(Msg::Quit);
                }
            });
            let listener = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => listener,
                Err(e) => return eprintln!("error: the preview server stopped: {e}"),
            };
            if let Err(e) = axum::serve(listener, router(app)).await {
                eprintln!("error: the preview server stopped: {e}");
            }
        })
    });
    Ok(())
}

fn router(app: App) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { typed("text/html; charset=utf-8", PAGE) }),
        )
        .route(
            "/preview.js",
            get(|| async { typed("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/preview.css",
            get(|| async { typed("text/css; charset=utf-8", STYLE) }),
        )
        .route("/status", get(status))
        .route("/events", get(events))
        .route("/page/{number}", get(page))
        .route("/resume.pdf", get(pdf))
        .route("/settings", post(settings))
        .layer(middleware::from_fn_with_state(app.clone(), same_host))
        .with_state(app)
}

fn typed(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Refuses a request sent under another name than our address (a DNS-rebinding page
/// would send its own host name), or posted from another site's page.
async fn same_host(State(app): State<App>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.hosts.iter().any(|ours| ours == h)) {
        return (
            StatusCode::FORBIDDEN,
            "refused: this preview answers only at its own address\n",
        )
            .into_response();
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let ours = app.hosts.iter().any(|h| origin == format!("http://{h}"));
        if !ours {
            return (StatusCode::FORBIDDEN, "refused: another site's page\n").into_response();
        }
    }
    next.run(request).await
}

async fn status(State(app): State<App>) -> Response {
    axum::Json(app.preview.status()).into_response()
}

/// The status after every render, the current one first (Server-Sent Events).
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.preview.rendered.subscribe();
    let stream = futures_util::stream::unfold(
        (receiver, app.preview, true),
        |(mut receiver, preview, first)| async move {
            if !first && receiver.changed().await.is_err() {
                return None;
            }
            drop(receiver.borrow_and_update());
            let json = serde_json::to_string(&preview.status()).expect("status serialises");
            let event = Event::default().event("render").data(json);
            Some((Ok(event), (receiver, preview, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Page `number` (from 1) of the last good render.
async fn page(State(app): State<App>, Path(number): Path<usize>) -> Response {
    let snapshot = app.preview.snapshot.lock().unwrap();
    match number.checked_sub(1).and_then(|i| snapshot.svgs.get(i)) {
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            svg.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such page\n").into_response(),
    }
}

async fn pdf(State(app): State<App>) -> Response {
    let snapshot = app.preview.snapshot.lock().unwrap();
    let Some(pdf) = snapshot.pdf.clone() else {
        return (StatusCode::NOT_FOUND, "no good render yet\n").into_response();
    };
    let name: String = snapshot
        .status
        .pdf_name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    (headers, pdf).into_response()
}

/// The switcher's choice: a built-in layout's name (or the command line's), a paper.
#[derive(Deserialize)]
struct Settings {
    layout: Option<String>,
    paper: Option<String>,
}

async fn settings(State(app): State<App>, axum::Json(choice): axum::Json<Settings>) -> Response {
    let paper = match choice.paper.as_deref() {
        None => None,
        Some("a4") => Some(Paper::A4),
        Some("us-letter") => Some(Paper::UsLetter),
        Some(other) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("unknown paper `{other}`\n"),
            )
                .into_response();
        }
    };
    let known = app.preview.status().layouts;
    if let Some(layout) = &choice.layout
        && !known.contains(layout)
    {
        return (
            StatusCode::BAD_REQUEST,
            format!("unknown layout `{layout}`\n"),
        )
            .into_response();
    }
    let _ = app.tx.send(Msg::Switch {
        layout: choice.layout,
        paper,
    });
    StatusCode::ACCEPTED.into_response()
}
