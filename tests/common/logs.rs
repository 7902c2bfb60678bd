//! Everything the crate logs through `tracing`, captured as text for a test to read.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};

/// The text a subscriber from [`subscriber`] has written so far.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A subscriber that writes every event up to `level`, without colour or time, into the
/// [`Captured`] returned beside it.
pub fn subscriber(level: tracing::Level) -> (impl tracing::Subscriber + Send + Sync, Captured) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .finish();
    (subscriber, captured)
}
