//! Templates (stub: being written).
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::court::Court;
use crate::error::Error;
use crate::notice::Notice;

pub struct Catalog;

impl Catalog {
    /// The built-in templates, overridden file by file by `overrides` when given.
    pub fn load(_overrides: Option<&Path>) -> Result<Catalog, Error> {
        todo!()
    }

    /// Kind names in the manifest's order.
    pub fn kinds(&self) -> Vec<&str> {
        todo!()
    }

    pub fn notice_date(&self, _court: &Court, _kind: &str) -> Result<NaiveDate, Error> {
        todo!()
    }

    pub fn render(
        &self,
        _court: &Court,
        _kind: &str,
        _assets: Option<PathBuf>,
    ) -> Result<Notice, Error> {
        todo!()
    }
}
