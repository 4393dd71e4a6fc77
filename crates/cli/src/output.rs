//! What the command line prints: text for people, one JSON object per line for scripts.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use rushes_api::transfers::{Transfer, TransferEvent, TransferState};

/// JSON progress lines are thinned to this, per transfer; state changes always print.
const JSON_PROGRESS_EVERY: Duration = Duration::from_secs(1);

pub struct Output {
    json: bool,
}

impl Output {
    /// JSON when asked for, or when nobody watches a terminal.
    pub fn new(json: bool) -> Self {
        Self {
            json: json || !std::io::stdout().is_terminal(),
        }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints `text` for people or `value` for scripts.
    pub fn line(&self, text: &str, value: &serde_json::Value) {
        let mut stdout = std::io::stdout().lock();
        let _ = if self.json {
            writeln!(stdout, "{value}")
        } else {
            writeln!(stdout, "{text}")
        };
    }
}

/// Shows transfers as they go: bars on a terminal, thinned JSON lines otherwise.
pub struct Progress {
    json: bool,
    bars: MultiProgress,
    by_id: HashMap<String, ProgressBar>,
    last_json: HashMap<String, Instant>,
    /// The last state shown per transfer, so the final one is shown exactly once.
    shown: HashMap<String, TransferState>,
}

impl Progress {
    pub fn new(out: &Output, transfers: &[Transfer]) -> Self {
        let mut p = Self {
            json: out.is_json(),
            bars: MultiProgress::new(),
            by_id: HashMap::new(),
            last_json: HashMap::new(),
            shown: HashMap::new(),
        };
        for t in transfers {
            p.changed(t);
        }
        p
    }

    pub fn event(&mut self, event: &TransferEvent) {
        match event {
            TransferEvent::Changed { transfer } => self.changed(transfer),
            TransferEvent::Progress { progress } => {
                if self.json {
                    let now = Instant::now();
                    let due = self
                        .last_json
                        .get(&progress.id)
                        .is_none_or(|t| now.duration_since(*t) >= JSON_PROGRESS_EVERY);
                    if due {
                        self.last_json.insert(progress.id.clone(), now);
                        println!("{}", serde_json::json!({ "progress": progress }));
                    }
                } else if let Some(bar) = self.by_id.get(&progress.id) {
                    if let Some(size) = progress.size {
                        bar.set_length(size);
                    }
                    bar.set_position(progress.done);
                }
            }
            TransferEvent::Removed { .. } | TransferEvent::BatchFinished { .. } => {}
        }
    }

    /// Shows the end state of each transfer not shown yet (the engine may finish a transfer
    /// before its last event is read).
    pub fn finish(&mut self, transfers: &[Transfer]) {
        for t in transfers {
            if self.shown.get(&t.id) != Some(&t.state) {
                self.changed(t);
            }
        }
    }

    fn changed(&mut self, t: &Transfer) {
        self.shown.insert(t.id.clone(), t.state);
        if self.json {
            println!("{}", serde_json::json!({ "transfer": t }));
            return;
        }
        let bar = self.by_id.entry(t.id.clone()).or_insert_with(|| {
            let bar = self
                .bars
                .add(ProgressBar::new(t.size.unwrap_or(0)).with_style(style()));
            bar.set_prefix(t.name.clone());
            bar
        });
        if let Some(size) = t.size {
            bar.set_length(size);
        }
        bar.set_position(t.done);
        let state = match (&t.state, &t.error) {
            (TransferState::Failed, Some(e)) => format!("failed: {}", e.message),
            (s, _) => s.as_str().to_owned(),
        };
        bar.set_message(state);
        if t.state.is_final() {
            bar.finish();
        }
    }
}

fn style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{prefix:30!} {bar:30} {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {eta:>4} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
}
