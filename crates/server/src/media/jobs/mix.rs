//! Mixing every sound channel of a file down for review. Camera files carry sound as several
//! mono or stereo streams (a boom and two lavs on channels 1–4); a proxy that kept only the first
//! stream would lose most of it. All streams are joined and folded: odd channels left, even
//! channels right (channel 1 left, 2 right, as editing software lays out camera sound), a single
//! channel to both sides, each side normalised so the sum never clips.

use super::worker::{Ended, Job};
use crate::media::tool::run;

/// At most this many audio streams are mixed (`pan` takes up to 64 channels); more is not a
/// camera file.
const MAX_STREAMS: usize = 32;
const MAX_CHANNELS: u32 = 64;

/// What the mix is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fold {
    Stereo,
    Mono,
}

/// The channel count of each audio stream of the source, in order.
pub(super) async fn audio_streams(job: &Job<'_>) -> Result<Vec<u32>, Ended> {
    let out = run(job
        .how
        .tool_on(&job.tools.ffprobe, &["-v", "error"], None, &job.source)
        .args(["-select_streams", "a", "-show_entries", "stream=channels"])
        .args(["-of", "csv=p=0"]))
    .await
    .map_err(Ended::failed)?;
    let mut total = 0;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').parse::<u32>().ok())
        .filter(|c| *c > 0)
        .take(MAX_STREAMS)
        .take_while(|c| {
            total += c;
            total <= MAX_CHANNELS
        })
        .collect())
}

/// A `-filter_complex` graph that mixes `streams` (channels per stream) into the output label
/// `[a]`, or `None` when there is no sound.
pub(super) fn graph(streams: &[u32], fold: Fold) -> Option<String> {
    if streams.is_empty() {
        return None;
    }
    let total: u32 = streams.iter().sum();
    let pan = pan(total, fold);
    if streams.len() == 1 {
        return Some(format!("[0:a:0]aresample=48000,{pan}[a]"));
    }
    let mut parts: Vec<String> = Vec::new();
    let mut labels = String::new();
    for i in 0..streams.len() {
        // One rate for all, so they can be lined up.
        parts.push(format!("[0:a:{i}]aresample=48000[s{i}]"));
        labels.push_str(&format!("[s{i}]"));
    }
    // `join` (not `amerge`, which cannot choose a format for mono streams that all claim the
    // centre) lays the streams' channels side by side in order, as an unnamed N-channel layout.
    parts.push(format!(
        "{labels}join=inputs={}:channel_layout={total}c,{pan}[a]",
        streams.len()
    ));
    Some(parts.join(";"))
}

/// The `pan` filter folding `channels` channels.
fn pan(channels: u32, fold: Fold) -> String {
    let sum = |pick: &dyn Fn(u32) -> bool| -> String {
        (0..channels)
            .filter(|c| pick(*c))
            .map(|c| format!("c{c}"))
            .collect::<Vec<_>>()
            .join("+")
    };
    match (fold, channels) {
        (Fold::Mono, _) => format!("pan=mono|c0<{}", sum(&|_| true)),
        (Fold::Stereo, 1) => "pan=stereo|FL=c0|FR=c0".to_owned(),
        (Fold::Stereo, _) => format!(
            "pan=stereo|FL<{}|FR<{}",
            sum(&|c| c % 2 == 0),
            sum(&|c| c % 2 == 1)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_merged_and_folded() {
        assert_eq!(graph(&[], Fold::Stereo), None);
        assert_eq!(
            graph(&[1], Fold::Stereo).unwrap(),
            "[0:a:0]aresample=48000,pan=stereo|FL=c0|FR=c0[a]"
        );
        let four_mono = graph(&[1, 1, 1, 1], Fold::Stereo).unwrap();
        assert!(
            four_mono.contains("[s0][s1][s2][s3]join=inputs=4:channel_layout=4c,"),
            "{four_mono}"
        );
        assert!(
            four_mono.ends_with("pan=stereo|FL<c0+c2|FR<c1+c3[a]"),
            "{four_mono}"
        );
        let one_quad = graph(&[4], Fold::Mono).unwrap();
        assert_eq!(
            one_quad,
            "[0:a:0]aresample=48000,pan=mono|c0<c0+c1+c2+c3[a]"
        );
    }
}
