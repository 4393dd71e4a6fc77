//! Keeps `ffprobe` and `ffmpeg` to the one uploaded file they are asked about.
//!
//! An upload is hostile until proven otherwise, and FFmpeg follows references: an HLS playlist
//! or an `ffconcat` list named `innocent.mov` makes it read `file:///anything` the server may
//! read, and the probe results and poster would then describe that file. Three layers stop it:
//!
//! 1. **Demuxer allowlist** (`-format_whitelist`, [`FORMATS`]): only container formats that
//!    carry their media inside themselves. Playlists (`hls`, `dash`), `concat`, `image2`
//!    sequences, `tee`, `lavfi` and the network demuxers are not on it, so a file that probes as
//!    one of those fails with "not media".
//! 2. **Protocol allowlist** (`-protocol_whitelist file`), with the input given as a `file:`
//!    path, so no demuxer can open `http:`, `tcp:`, `pipe:`, `subfile:` or similar.
//! 3. **Bubblewrap** where it exists (Linux with `bwrap` installed and working): the tool runs
//!    with no network and in new namespaces, sees only `/usr`, the dynamic loader's files and a
//!    read-only bind of the one input file, and gets a private, empty `/tmp`. Where `bwrap` is
//!    missing or cannot start the tool, the allowlists alone apply; which one was chosen is
//!    logged once at start.
//!
//! Either way the tool runs with a CPU time, address space and core dump limit (see
//! [`limit_resources`]) on top of the wall-clock limit of the media job.

use std::path::{Path, PathBuf};

use tokio::process::Command;

/// Demuxers (FFmpeg's names) the media job opens: self-contained camera, editorial, delivery and
/// audio containers, and single still images. FFmpeg matches any name of a demuxer's list, so
/// `mov` admits `mov,mp4,m4a,3gp,3g2,mj2`; the aliases are listed for the reader.
pub const FORMATS: &str = "mov,mp4,m4a,3gp,3g2,mj2,\
matroska,webm,mxf,gxf,avi,dv,mpeg,mpegts,asf,flv,\
wav,w64,aiff,caf,mp3,flac,ogg,aac,ac3,eac3,\
png_pipe,jpeg_pipe,tiff_pipe,webp_pipe,dpx_pipe,exr_pipe";

/// Only the input file itself: no network, no pipes, no nested protocols.
pub const PROTOCOLS: &str = "file";

/// Where the input appears inside the sandbox.
const SANDBOX_INPUT: &str = "/input/media";
/// Where a job's writable work directory appears inside the sandbox.
const SANDBOX_OUTPUT: &str = "/output";

/// CPU seconds a probe or poster may use (all threads together). The wall-clock limit of the job
/// usually ends it first; this one also holds if the tool escapes the process group being killed.
pub const CPU_SECONDS: u64 = 120;
/// Address space a tool may map. Decoding one 8K frame needs a few hundred MiB; a crafted file
/// asking for tens of GiB is refused instead of pushing the server into swap.
const ADDRESS_SPACE_BYTES: u64 = 4 << 30;

/// How the media tools are run, decided once when the media job starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confinement {
    /// Inside bubblewrap at this path, plus the allowlists.
    Bubblewrap(PathBuf),
    /// The allowlists only (no usable `bwrap`).
    AllowlistOnly,
}

impl Confinement {
    /// Uses bubblewrap when it is on `PATH` and can run `tool -version` in the sandbox (it may be
    /// installed but refused user namespaces, or the tool may need files outside `/usr`).
    pub async fn choose(tools: &[&Path]) -> Self {
        let Some(bwrap) = find_on_path("bwrap") else {
            tracing::info!(
                "media tools run with demuxer/protocol allowlists only (bwrap not installed)"
            );
            return Self::AllowlistOnly;
        };
        let sandbox = Self::Bubblewrap(bwrap);
        for tool in tools {
            let works = sandbox
                .command(tool, None, &Limits::default())
                .arg("-version")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .await
                .is_ok_and(|s| s.success());
            if !works {
                tracing::warn!(
                    tool = %tool.display(),
                    "bwrap cannot run the media tool: using demuxer/protocol allowlists only"
                );
                return Self::AllowlistOnly;
            }
        }
        tracing::info!("media tools run in bubblewrap with demuxer/protocol allowlists");
        sandbox
    }

    /// A command running `tool` on `input` with both allowlists. `options` are the input
    /// options (they must precede the input on ffmpeg's command line) and `input_flag` is what
    /// introduces the input (`-i` for ffmpeg, nothing for ffprobe); output options are added by
    /// the caller after this.
    pub fn tool_on(
        &self,
        tool: &Path,
        options: &[&str],
        input_flag: Option<&str>,
        input: &Path,
    ) -> Command {
        self.tool_with(tool, options, input_flag, input, &Limits::default())
    }

    /// [`Self::tool_on`] with `limits` of a longer job: its own CPU time, a low priority, and a
    /// writable work directory ([`Self::output_path`] names a file in it).
    pub fn tool_with(
        &self,
        tool: &Path,
        options: &[&str],
        input_flag: Option<&str>,
        input: &Path,
        limits: &Limits,
    ) -> Command {
        let mut cmd = self.command(tool, Some(input), limits);
        cmd.args(options);
        cmd.args([
            "-format_whitelist",
            FORMATS,
            "-protocol_whitelist",
            PROTOCOLS,
        ]);
        cmd.args(input_flag);
        cmd.arg(match self {
            Self::Bubblewrap(_) => format!("file:{SANDBOX_INPUT}"),
            Self::AllowlistOnly => format!("file:{}", absolute(input).display()),
        });
        cmd
    }

    /// How the tool names `file` of the work directory in `limits` (an output it writes).
    pub fn output_path(&self, limits: &Limits, file: &str) -> String {
        match (self, &limits.work_dir) {
            (Self::Bubblewrap(_), _) => format!("file:{SANDBOX_OUTPUT}/{file}"),
            (Self::AllowlistOnly, Some(dir)) => {
                format!("file:{}", absolute(dir).join(file).display())
            }
            (Self::AllowlistOnly, None) => format!("file:{file}"),
        }
    }

    /// `tool`, sandboxed when chosen, with resource limits, and `input` visible read-only.
    fn command(&self, tool: &Path, input: Option<&Path>, limits: &Limits) -> Command {
        let mut cmd = match self {
            Self::AllowlistOnly => Command::new(tool),
            Self::Bubblewrap(bwrap) => {
                let tool = find_on_path(tool).unwrap_or_else(|| tool.to_owned());
                let mut cmd = Command::new(bwrap);
                cmd.args(sandbox_args(
                    &tool,
                    input.map(absolute).as_deref(),
                    limits.work_dir.as_deref().map(absolute).as_deref(),
                ));
                cmd.arg("--").arg(tool);
                // The server's environment (secrets in variables included) stays outside.
                cmd.env_clear().env("PATH", "/usr/bin:/bin");
                cmd
            }
        };
        cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
        limit_resources(&mut cmd, limits);
        cmd
    }
}

/// What one run of a tool may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// CPU seconds, all threads together.
    pub cpu_seconds: u64,
    /// Run at the lowest CPU priority (`nice` 19), so a long encode never slows requests.
    pub low_priority: bool,
    /// A directory the tool may write into (bound read-write into the sandbox); none for tools
    /// that answer on stdout.
    pub work_dir: Option<PathBuf>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu_seconds: CPU_SECONDS,
            low_priority: false,
            work_dir: None,
        }
    }
}

/// bubblewrap's arguments: new namespaces (no network), `/usr` and the loader's files
/// read-only, the root-level library links as on the host, a private `/tmp`, `input` read-only
/// and the job's own `work_dir` writable.
fn sandbox_args(tool: &Path, input: Option<&Path>, work_dir: Option<&Path>) -> Vec<String> {
    let mut args: Vec<String> = [
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/usr",
        "/usr",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    .map(str::to_owned)
    .to_vec();
    // Merged-/usr systems have these as links into /usr; older ones as directories.
    for top in ["/bin", "/lib", "/lib32", "/lib64", "/libx32"] {
        match std::fs::read_link(top) {
            Ok(target) => {
                args.extend(["--symlink".into(), target.display().to_string(), top.into()])
            }
            Err(_) => args.extend(["--ro-bind-try".into(), top.into(), top.into()]),
        }
    }
    // The dynamic loader's cache and configuration; Debian points shared libraries (BLAS, for
    // one) through /etc/alternatives.
    for etc in [
        "/etc/ld.so.cache",
        "/etc/ld.so.conf",
        "/etc/ld.so.conf.d",
        "/etc/alternatives",
    ] {
        args.extend(["--ro-bind-try".into(), etc.into(), etc.into()]);
    }
    // A tool installed outside /usr is made visible itself (its libraries must be in /usr).
    if !tool.starts_with("/usr") {
        let tool = tool.display().to_string();
        args.extend(["--ro-bind".into(), tool.clone(), tool]);
    }
    if let Some(input) = input {
        args.extend([
            "--ro-bind".into(),
            input.display().to_string(),
            SANDBOX_INPUT.into(),
        ]);
    }
    if let Some(dir) = work_dir {
        args.extend([
            "--bind".into(),
            dir.display().to_string(),
            SANDBOX_OUTPUT.into(),
        ]);
    }
    args.extend(["--chdir".into(), "/".into()]);
    args
}

/// Limits applied in the child between fork and exec, inherited by bubblewrap's children.
fn limit_resources(cmd: &mut Command, limits: &Limits) {
    #[cfg(unix)]
    {
        let low_priority = limits.low_priority;
        let limits = [
            (libc::RLIMIT_CPU, limits.cpu_seconds),
            (libc::RLIMIT_AS, ADDRESS_SPACE_BYTES),
            // A crash on a hostile file must not leave its memory (media, paths) on disk.
            (libc::RLIMIT_CORE, 0),
        ];
        // SAFETY: the closure only calls prctl, setrlimit and setpriority (async-signal-safe)
        // on locals; it allocates nothing and touches no memory shared with the parent.
        unsafe {
            cmd.pre_exec(move || {
                // A server killed outright takes its tools with it (bubblewrap has
                // --die-with-parent; a tool run directly needs this).
                #[cfg(target_os = "linux")]
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if low_priority && libc::setpriority(libc::PRIO_PROCESS, 0, 19) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                for (resource, value) in limits {
                    let limit = libc::rlimit {
                        rlim_cur: value as libc::rlim_t,
                        rlim_max: value as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (cmd, limits);
}

/// `path` made absolute against the working directory, so a relative data dir still names the
/// same file for the tool (and for the bind mount).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// `name` if it already has a directory part, else the first executable match on `PATH`.
fn find_on_path(name: impl AsRef<Path>) -> Option<PathBuf> {
    let name = name.as_ref();
    if name.components().count() > 1 {
        return name.is_file().then(|| absolute(name));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ffmpeg_installed() -> bool {
        find_on_path("ffprobe").is_some() && find_on_path("ffmpeg").is_some()
    }

    /// A one-second clip and an HLS playlist (named like a movie) pointing at it.
    fn secret_and_playlist(dir: &Path) -> (PathBuf, PathBuf) {
        let secret = dir.join("secret.mp4");
        let made = std::process::Command::new("ffmpeg")
            .args(["-v", "error", "-f", "lavfi", "-i"])
            .args([
                "testsrc=duration=1:size=64x64:rate=5",
                "-pix_fmt",
                "yuv420p",
            ])
            .arg(&secret)
            .status()
            .unwrap();
        assert!(made.success());
        let playlist = dir.join("innocent.mov");
        let text = format!(
            "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile://{}\n#EXT-X-ENDLIST\n",
            secret.display()
        );
        std::fs::write(&playlist, text).unwrap();
        (secret, playlist)
    }

    async fn probe(how: &Confinement, input: &Path) -> Option<String> {
        let out = how
            .tool_on(Path::new("ffprobe"), &["-v", "error"], None, input)
            .args(["-show_entries", "format=format_name"])
            .args(["-of", "default=nw=1:nk=1"])
            .output()
            .await
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    #[tokio::test]
    async fn playlists_are_refused_and_real_media_is_read_in_every_mode() {
        if !ffmpeg_installed() {
            eprintln!("skipped: ffmpeg/ffprobe not installed");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let (secret, playlist) = secret_and_playlist(dir.path());
        let mut modes = vec![Confinement::AllowlistOnly];
        let chosen = Confinement::choose(&[Path::new("ffprobe")]).await;
        if chosen != Confinement::AllowlistOnly {
            modes.push(chosen);
        } else {
            eprintln!("bubblewrap mode not tested: bwrap missing or not usable here");
        }
        for how in &modes {
            assert_eq!(probe(how, &playlist).await, None, "{how:?}");
            let real = probe(how, &secret).await;
            assert_eq!(real.as_deref(), Some("mov,mp4,m4a,3gp,3g2,mj2"), "{how:?}");
        }
    }

    #[tokio::test]
    async fn the_sandbox_alone_hides_every_other_file() {
        if !ffmpeg_installed() {
            eprintln!("skipped: ffmpeg/ffprobe not installed");
            return;
        }
        let how = Confinement::choose(&[Path::new("ffprobe")]).await;
        if how == Confinement::AllowlistOnly {
            eprintln!("skipped: bwrap missing or not usable here");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let (secret, playlist) = secret_and_playlist(dir.path());
        // No allowlists: only the sandbox stands between the playlist and the secret.
        let read = |input: &Path| {
            let mut cmd = how.command(Path::new("ffprobe"), Some(input), &Limits::default());
            cmd.args(["-v", "error", "-show_entries", "format=duration"])
                .args(["-of", "default=nw=1:nk=1", &format!("file:{SANDBOX_INPUT}")]);
            cmd
        };
        let out = read(&playlist).output().await.unwrap();
        assert!(!out.status.success(), "{out:?}");
        let out = read(&secret).output().await.unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(std::fs::metadata(&secret).unwrap().len() > 0);
    }

    #[test]
    fn the_sandbox_binds_only_the_input_and_system_files() {
        let args = sandbox_args(
            Path::new("/usr/bin/ffprobe"),
            Some(Path::new("/data/ab/1-x")),
            None,
        );
        let joined = args.join(" ");
        assert!(joined.starts_with("--unshare-all "), "{joined}");
        assert!(
            joined.contains("--ro-bind /data/ab/1-x /input/media"),
            "{joined}"
        );
        assert!(joined.contains("--tmpfs /tmp"), "{joined}");
        // Nothing of the data dir but the input, and no writable bind at all.
        assert_eq!(args.iter().filter(|a| a.starts_with("/data")).count(), 1);
        assert!(!args.iter().any(|a| a == "--bind" || a == "--share-net"));
    }
}
