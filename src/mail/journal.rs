//! The send journal: an append-only file beside the messages recording, per Message-ID,
//! that delivery began (`sending`) and that the relay accepted it (`sent`). Each line is
//! flushed to disk before the next step, so a run killed at any point and started again
//! knows what went out. A message whose `sending` has no `sent` was handed to the relay but
//! its answer never recorded: it is "in doubt" and is not sent again unless asked. A
//! refusal by the relay is recorded as `failed`, and such a message is sent again.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The journal's file name, in the folder of messages.
pub const FILE: &str = "sent.journal";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Handed to the relay; its acceptance was not recorded.
    InDoubt,
    Sent,
}

pub struct Journal {
    path: PathBuf,
    file: File,
    states: HashMap<String, State>,
}

impl Journal {
    /// Opens (or creates) the journal in `dir` and reads what earlier runs recorded.
    pub fn open(dir: &Path) -> Result<Journal, Error> {
        let path = dir.join(FILE);
        let mut states = HashMap::new();
        if let Ok(file) = File::open(&path) {
            for line in BufReader::new(file).lines() {
                let line = line.map_err(|e| Error::io(&path, e))?;
                // A line cut short by a kill has no trailing tab-separated id: skip it.
                let mut parts = line.splitn(2, '\t');
                match (parts.next(), parts.next()) {
                    (Some("sending"), Some(id)) => {
                        states.entry(id.to_string()).or_insert(State::InDoubt);
                    }
                    (Some("sent"), Some(id)) => {
                        states.insert(id.to_string(), State::Sent);
                    }
                    (Some("failed"), Some(id)) => {
                        states.remove(id);
                    }
                    _ => {}
                }
            }
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        // Start on a fresh line should the last run have died mid-line.
        if std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 0 {
            let text = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            if !text.ends_with(b"\n") {
                file.write_all(b"\n").map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(Journal { path, file, states })
    }

    pub fn state(&self, id: &str) -> Option<State> {
        self.states.get(id).copied()
    }

    pub fn sending(&mut self, id: &str) -> Result<(), Error> {
        self.record("sending", id)?;
        self.states.entry(id.to_string()).or_insert(State::InDoubt);
        Ok(())
    }

    pub fn sent(&mut self, id: &str) -> Result<(), Error> {
        self.record("sent", id)?;
        self.states.insert(id.to_string(), State::Sent);
        Ok(())
    }

    /// The relay refused the message: it was not delivered and may be sent again.
    pub fn failed(&mut self, id: &str) -> Result<(), Error> {
        self.record("failed", id)?;
        self.states.remove(id);
        Ok(())
    }

    fn record(&mut self, what: &str, id: &str) -> Result<(), Error> {
        let line = format!("{what}\t{id}\n");
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_survive_reopening_and_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut journal = Journal::open(dir.path()).unwrap();
            journal.sending("<a@x>").unwrap();
            journal.sent("<a@x>").unwrap();
            journal.sending("<b@x>").unwrap();
        }
        // A kill in the middle of writing a line.
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(FILE))
            .unwrap();
        file.write_all(b"sen").unwrap();
        let mut journal = Journal::open(dir.path()).unwrap();
        assert_eq!(journal.state("<a@x>"), Some(State::Sent));
        assert_eq!(journal.state("<b@x>"), Some(State::InDoubt));
        assert_eq!(journal.state("<c@x>"), None);
        journal.sending("<c@x>").unwrap();
        journal.sending("<d@x>").unwrap();
        journal.failed("<d@x>").unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        assert_eq!(journal.state("<c@x>"), Some(State::InDoubt));
        assert_eq!(journal.state("<d@x>"), None);
    }
}
