//! Court data (stub: being written).
use std::path::Path;

use serde::Serialize;

use crate::error::Error;

#[derive(Debug, Clone, Serialize)]
pub struct Court {
    pub id: String,
}

/// Loads and validates every `*.yaml` court file in `dir`, sorted by id; reports all errors.
pub fn load_courts(_dir: &Path) -> Result<Vec<Court>, Error> {
    todo!()
}
