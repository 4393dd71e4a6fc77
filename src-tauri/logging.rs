//! Logging: to stderr, and from the moment the app knows its log dir also to `rushes.log` there
//! (`~/.local/share/io.rushes.desktop/logs` on Linux). An app started from a desktop menu has
//! no terminal, so without the file its log would be lost; the file is what a person attaches
//! to a bug report. Each start moves the previous run's log to `rushes.log.1`, so the files
//! never grow past two runs.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tauri::{App, Manager};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// The log file's name in the app's log dir.
pub const LOG_FILE: &str = "rushes.log";

/// The open log file, once [`open_file`] has run. Lines logged before go to stderr only.
static FILE: OnceLock<Mutex<File>> = OnceLock::new();

/// Installs the global subscriber: `RUST_LOG` or `info`, to stderr and to the log file.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(io::stderr)
        // Colour codes only for a person at a terminal.
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()));
    let file = tracing_subscriber::fmt::layer()
        .with_writer(LogFile)
        .with_ansi(false);
    // A second init (tests) is harmless; ignore it.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(file)
        .try_init();
}

/// Starts writing the log to the app's log dir. A failure is logged and otherwise ignored:
/// the app works without its log file.
pub fn open_file(app: &App) {
    let dir = match app.path().app_log_dir() {
        Ok(dir) => dir,
        Err(e) => {
            tracing::warn!("no log dir, logging to stderr only: {e}");
            return;
        }
    };
    match open_rotated(&dir) {
        Ok((path, file)) => {
            if FILE.set(Mutex::new(file)).is_ok() {
                tracing::info!(path = %path.display(), version = env!("CARGO_PKG_VERSION"), "logging to file");
            }
        }
        Err(e) => tracing::warn!(dir = %dir.display(), "could not open the log file: {e}"),
    }
}

/// Moves last run's log aside and opens a fresh one, readable by its owner only.
fn open_rotated(dir: &Path) -> io::Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(LOG_FILE);
    match std::fs::rename(&path, dir.join(format!("{LOG_FILE}.1"))) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = OpenOptions::new();
    options.create(true).write(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path)?;
    Ok((path, file))
}

/// Writes to the log file once it is open, and nowhere before.
struct LogFile;

/// One log line's handle on the file; a poisoned lock still writes (a line is better than none).
enum LogFileWriter {
    File(std::sync::MutexGuard<'static, File>),
    None,
}

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LogFileWriter;

    fn make_writer(&'a self) -> Self::Writer {
        match FILE.get() {
            Some(file) => LogFileWriter::File(file.lock().unwrap_or_else(|p| p.into_inner())),
            None => LogFileWriter::None,
        }
    }
}

impl Write for LogFileWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::File(file) => file.write(buf),
            Self::None => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::File(file) => file.flush(),
            Self::None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_start_keeps_the_previous_log_and_starts_a_fresh_one() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        let (path, mut first) = open_rotated(&logs).unwrap();
        writeln!(first, "first run").unwrap();
        drop(first);
        let (_, mut second) = open_rotated(&logs).unwrap();
        writeln!(second, "second run").unwrap();
        drop(second);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second run\n");
        let previous = std::fs::read_to_string(logs.join("rushes.log.1")).unwrap();
        assert_eq!(previous, "first run\n");
    }

    #[cfg(unix)]
    #[test]
    fn the_log_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (path, _file) = open_rotated(dir.path()).unwrap();
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
