//! Binding, serving until shutdown, reloading, and `run`: the runtime, the signals and the
//! logs around them.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::config::{ServeArgs, Settings};
use crate::engine::Engine;
use crate::http::{handle, App};
use crate::Error;

/// A bound service: the listening socket and the shared state, ready to [`serve`](Self::serve).
#[derive(Debug)]
pub struct Service {
    app: Arc<App>,
    listener: TcpListener,
    shutdown: Arc<watch::Sender<bool>>,
}

/// Controls a running [`Service`] from outside: reload its configuration, shut it down.
#[derive(Debug, Clone)]
pub struct Handle {
    app: Arc<App>,
    shutdown: Arc<watch::Sender<bool>>,
}

impl Service {
    /// Loads the configuration, builds the engine and binds the listening socket.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] for a configuration that does not load,
    /// [`crate::ErrorKind::Io`] when the address cannot be bound.
    pub async fn bind(args: ServeArgs) -> Result<Service, Error> {
        let load_args = args.clone();
        let (settings, engine) = tokio::task::spawn_blocking(move || {
            let s = Settings::load(&load_args)?;
            let e = Engine::build(&s)?;
            Ok::<_, Error>((s, e))
        })
        .await
        .map_err(|e| Error::config(format!("loading the configuration failed: {e}")))??;
        let listener = TcpListener::bind(settings.listen)
            .await
            .map_err(|e| Error::io(&format!("cannot listen on {}", settings.listen), e))?;
        let (tx, _) = watch::channel(false);
        Ok(Service {
            app: Arc::new(App::new(engine, args)),
            listener,
            shutdown: Arc::new(tx),
        })
    }

    /// The address the service listens on (the real port when bound to port 0).
    pub fn local_addr(&self) -> SocketAddr {
        // A bound listener always has an address; the fallback is never used.
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// A handle to reload or shut down the service once it runs.
    pub fn handle(&self) -> Handle {
        Handle {
            app: self.app.clone(),
            shutdown: self.shutdown.clone(),
        }
    }

    /// Serves until [`Handle::shutdown`], then stops accepting, lets every request in
    /// flight finish, and returns. Connections still open a request timeout (plus a few
    /// seconds to write the last response) after the shutdown began are closed.
    ///
    /// # Errors
    /// None so far: a failed accept (out of file descriptors) is logged and retried.
    pub async fn serve(self) -> Result<(), Error> {
        let Service {
            app,
            listener,
            shutdown,
        } = self;
        let limits = app.engine().limits;
        let mut stop = shutdown.subscribe();
        let mut conns = JoinSet::new();
        loop {
            tokio::select! {
                _ = stopped(&mut stop) => break,
                accepted = listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            // Out of file descriptors, most likely: wait for some to close
                            // rather than spin.
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    conns.spawn(connection(
                        stream,
                        app.clone(),
                        shutdown.subscribe(),
                        limits.request_timeout,
                    ));
                    while conns.try_join_next().is_some() {}
                }
            }
        }
        app.shutting_down.store(true, Ordering::Relaxed);
        drop(listener);
        // Every work request ends by its timeout; the margin covers writing its response.
        // A client that neither sends nor reads is not waited for past that.
        let drain = async { while conns.join_next().await.is_some() {} };
        let limit = limits.request_timeout + DRAIN_MARGIN;
        if tokio::time::timeout(limit, drain).await.is_err() {
            tracing::warn!(
                open = conns.len(),
                "connections still open after the drain time; closing them"
            );
            conns.abort_all();
        }
        Ok(())
    }
}

/// Resolves once a shutdown has been asked for (or the sender is gone).
async fn stopped(rx: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is dropped here, not held across an await.
    let _ = rx.wait_for(|s| *s).await;
}

/// How long a shutdown waits, past the request timeout, for connections to finish.
const DRAIN_MARGIN: Duration = Duration::from_secs(5);

/// Serves one connection until it closes, or, once a shutdown starts, until its request in
/// flight is answered. A client gets `header_timeout` to send each request head, so a
/// connection that sends nothing (slowloris, or an idle keep-alive) does not stay forever.
async fn connection(
    stream: tokio::net::TcpStream,
    app: Arc<App>,
    mut stop: watch::Receiver<bool>,
    header_timeout: Duration,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(
        hyper_util::rt::TokioIo::new(stream),
        hyper::service::service_fn(move |req| {
            let app = app.clone();
            async move { Ok::<_, std::convert::Infallible>(handle(app, req).await) }
        }),
    );
    let mut conn = std::pin::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = stopped(&mut stop), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

impl Handle {
    /// Reads the configuration again and, when it loads, swaps it in: requests already
    /// running finish with the old one. When it does not load, the running configuration
    /// stays and the error says why.
    ///
    /// `listen` and `max-concurrent` take effect only on restart.
    ///
    /// # Errors
    /// The reason the new configuration was refused.
    pub async fn reload(&self) -> Result<(), Error> {
        let args = self.app.args.clone();
        let built = tokio::task::spawn_blocking(move || {
            let s = Settings::load(&args)?;
            Engine::build(&s)
        })
        .await
        .unwrap_or_else(|e| Err(Error::config(format!("reloading failed: {e}"))));
        match built {
            Ok(engine) => {
                let old = self.app.engine().limits.max_concurrent;
                if engine.limits.max_concurrent != old {
                    tracing::warn!(
                        running = old,
                        "max-concurrent changes only on restart; keeping the running value"
                    );
                }
                self.app.replace_engine(engine);
                self.app.metrics.reloaded(true);
                tracing::info!("configuration reloaded");
                Ok(())
            }
            Err(e) => {
                self.app.metrics.reloaded(false);
                tracing::warn!(error = %e, "new configuration refused; keeping the running one");
                Err(e)
            }
        }
    }

    /// Starts a graceful shutdown: no new connections, `/readyz` answers 503, requests in
    /// flight finish.
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

/// Runs the service as a process: logs to standard error, reloads on SIGHUP, shuts down
/// gracefully on SIGTERM or SIGINT. Returns when the last request in flight is done.
///
/// # Errors
/// A configuration that does not load at start, an address that cannot be bound, or a
/// runtime that cannot start.
pub fn run(args: ServeArgs) -> Result<(), Error> {
    let level = if args.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .try_init();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the runtime", e))?;
    rt.block_on(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let service = Service::bind(args).await?;
        // The handlers are in place before the address is announced: a SIGHUP that
        // follows the announcement must reload, not kill the process.
        let sig = |k| signal(k).map_err(|e| Error::io("cannot install a signal handler", e));
        let (mut hup, mut term, mut int) = (
            sig(SignalKind::hangup())?,
            sig(SignalKind::terminate())?,
            sig(SignalKind::interrupt())?,
        );
        let handle = service.handle();
        let addr = service.local_addr();
        if !addr.ip().is_loopback() && !service.app.engine().needs_token() {
            tracing::warn!("listening beyond loopback without a bearer token (token-file)");
        }
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = hup.recv() => {
                        tracing::info!("SIGHUP: reloading the configuration");
                        let _ = handle.reload().await;
                    }
                    _ = term.recv() => {
                        tracing::info!("SIGTERM: finishing the requests in flight");
                        handle.shutdown();
                    }
                    _ = int.recv() => {
                        tracing::info!("SIGINT: finishing the requests in flight");
                        handle.shutdown();
                    }
                }
            }
        });
        tracing::info!("listening on {}", service.local_addr());
        service.serve().await?;
        tracing::info!("stopped");
        Ok(())
    })
}
