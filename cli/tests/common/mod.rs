//! What the `discreet` end-to-end tests share: running the binary with arguments and
//! standard input, reading what it wrote, and scratch files.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// `discreet ARGS` with standard input, output and error piped; adjust it (environment,
/// other outputs) before handing it to [`run`].
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_discreet"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd` to the end, writing `stdin` to it. The input is written from its own thread:
/// a child that answers before it has read everything must not block on a full pipe
/// while we block on writing the rest.
pub fn run(mut cmd: Command, stdin: &[u8]) -> Output {
    let mut child = cmd.spawn().expect("binary runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The child may exit without reading all of it (an error, a refused input).
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// `discreet ARGS` with `stdin`, to the end.
pub fn discreet(args: &[&str], stdin: &[u8]) -> Output {
    run(command(args), stdin)
}

/// Standard output, which must be UTF-8.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error, for messages and assertions about them.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as JSON Lines, one value per line.
pub fn lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// A scratch directory of this test process, `discreet-TAG-PID` under the system's temp
/// directory (created if missing).
pub fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("discreet-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `contents` to `name` in the scratch directory `tag` and returns its path.
pub fn scratch_file(tag: &str, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = scratch(tag).join(name);
    std::fs::write(&path, contents).unwrap();
    path
}
