//! Bytes of one input (a file, standard input or a zip entry), read ahead on their own
//! thread in blocks.
//!
//! Reading on a separate thread is what lets a format reader ask "is more input already
//! here?" without blocking: when the answer stays no for a few milliseconds, the items read
//! so far are handed on, so a slow live stream (`tail -f log | discreet scan`) gets each
//! verdict right away while a file read at full speed still fills whole batches. At most
//! [`AHEAD`] blocks of [`BLOCK`] bytes wait in the channel: memory stays bounded.

use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::sync::Arc;
use std::time::Duration;

/// Bytes per block read ahead.
pub(crate) const BLOCK: usize = 1 << 16;
/// Blocks read ahead.
const AHEAD: usize = 4;

/// What the reading thread sends.
pub(crate) enum Msg {
    /// The next bytes.
    Data(Vec<u8>),
    /// The end of the current part (a file, or one zip entry).
    End,
    /// Reading failed; the message names the problem, never the content.
    Fail(String),
}

/// The consuming end: a [`BufRead`] over the blocks, counting the offset of the current
/// part.
pub(crate) struct Input {
    rx: Receiver<Msg>,
    buf: Vec<u8>,
    at: usize,
    ended: bool,
    failed: Option<String>,
    offset: u64,
}

impl Input {
    /// A channel whose sender a reading thread fills.
    pub(crate) fn channel() -> (SyncSender<Msg>, Input) {
        let (tx, rx) = sync_channel(AHEAD);
        let input = Input {
            rx,
            buf: Vec::new(),
            at: 0,
            ended: false,
            failed: None,
            offset: 0,
        };
        (tx, input)
    }

    /// Reads `r` to its end on a new thread, counting the bytes in `count`.
    pub(crate) fn spawn(mut r: impl Read + Send + 'static, count: Arc<AtomicU64>) -> Input {
        let (tx, input) = Input::channel();
        std::thread::spawn(move || loop {
            let mut block = vec![0u8; BLOCK];
            match r.read(&mut block) {
                Ok(0) => {
                    let _ = tx.send(Msg::End);
                    return;
                }
                Ok(n) => {
                    count.fetch_add(n as u64, Ordering::Relaxed);
                    block.truncate(n);
                    if tx.send(Msg::Data(block)).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx.send(Msg::Fail(format!("read error: {e}")));
                    return;
                }
            }
        });
        input
    }

    /// Bytes consumed from the current part.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    /// Starts reading the next part after [`Msg::End`].
    pub(crate) fn next_part(&mut self) {
        self.ended = false;
        self.offset = 0;
    }

    fn take(&mut self, msg: Result<Msg, ()>) {
        match msg {
            Ok(Msg::Data(b)) => {
                if self.at < self.buf.len() {
                    // Keep what is unread, then the new block (used by `peek_more`).
                    self.buf.drain(..self.at);
                    self.buf.extend_from_slice(&b);
                } else {
                    self.buf = b;
                }
                self.at = 0;
            }
            Ok(Msg::End) => self.ended = true,
            Ok(Msg::Fail(e)) => self.failed = Some(e),
            // The reading thread never leaves without `End` or `Fail`: if it did, the input
            // is not known to be complete, and saying so beats a silent end.
            Err(()) => self.failed = Some("the input reader stopped unexpectedly".into()),
        }
    }

    /// True when no byte is buffered and none arrives within `wait`: the input is slow,
    /// and what was read so far should be handed on.
    pub(crate) fn idle(&mut self, wait: Duration) -> bool {
        if self.at < self.buf.len() || self.ended || self.failed.is_some() {
            return false;
        }
        let msg = match self.rx.try_recv() {
            Ok(m) => Ok(m),
            Err(TryRecvError::Disconnected) => Err(()),
            Err(TryRecvError::Empty) => match self.rx.recv_timeout(wait) {
                Ok(m) => Ok(m),
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => Err(()),
            },
        };
        self.take(msg);
        false
    }

    /// Appends the next block to the unread bytes; false at the end of the part.
    pub(crate) fn peek_more(&mut self) -> io::Result<bool> {
        if let Some(e) = &self.failed {
            return Err(io::Error::other(e.clone()));
        }
        if self.ended {
            return Ok(false);
        }
        let msg = self.rx.recv().map_err(|_| ());
        let before = self.buf.len() - self.at;
        self.take(msg);
        Ok(self.buf.len() - self.at > before || !self.ended && self.failed.is_none())
    }

    /// The unread bytes of the current block(s).
    pub(crate) fn peek(&self) -> &[u8] {
        &self.buf[self.at..]
    }
}

impl Read for Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at >= self.buf.len() {
            if let Some(e) = &self.failed {
                return Err(io::Error::other(e.clone()));
            }
            if self.ended {
                return Ok(&[]);
            }
            let msg = self.rx.recv().map_err(|_| ());
            self.take(msg);
        }
        Ok(&self.buf[self.at..])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.at);
        self.at += n;
        self.offset += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_everything_in_order_and_counts_offsets() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let count = Arc::new(AtomicU64::new(0));
        let mut input = Input::spawn(io::Cursor::new(data.clone()), Arc::clone(&count));
        let mut got = Vec::new();
        input.read_to_end(&mut got).unwrap();
        assert_eq!(got, data);
        assert_eq!(input.offset(), data.len() as u64);
        assert_eq!(count.load(Ordering::Relaxed), data.len() as u64);
        assert!(
            !input.idle(Duration::from_millis(1)),
            "at the end: not idle"
        );
    }

    #[test]
    fn idle_only_when_nothing_arrives() {
        let (tx, mut input) = Input::channel();
        assert!(input.idle(Duration::from_millis(5)));
        tx.send(Msg::Data(b"ab".to_vec())).unwrap();
        assert!(!input.idle(Duration::from_millis(5)));
        assert_eq!(input.fill_buf().unwrap(), b"ab");
        tx.send(Msg::Data(b"cd".to_vec())).unwrap();
        assert!(input.peek_more().unwrap());
        assert_eq!(input.peek(), b"abcd");
        tx.send(Msg::Fail("read error: boom".into())).unwrap();
        input.consume(4);
        assert!(input.fill_buf().unwrap_err().to_string().contains("boom"));
    }
}
