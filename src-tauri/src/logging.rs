//! Logs go to a daily rolling file in the platform log folder, and to stderr in debug builds.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Installs the subscriber; keep the guard alive for the life of the app so the file is flushed.
pub fn init() -> Option<WorkerGuard> {
    let filter = || EnvFilter::try_from_env("CSPDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let dir = csp_core::context::log_dir();
    let (file_layer, guard) = match std::fs::create_dir_all(&dir) {
        Ok(()) => {
            let appender = tracing_appender::rolling::daily(&dir, "csp-desk.log");
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (Some(fmt::layer().with_ansi(false).with_writer(writer).with_filter(filter())), Some(guard))
        }
        Err(_) => (None, None),
    };
    let stderr_layer = cfg!(debug_assertions).then(|| fmt::layer().with_writer(std::io::stderr).with_filter(filter()));
    let _ = tracing_subscriber::registry().with(file_layer).with(stderr_layer).try_init();
    guard
}
