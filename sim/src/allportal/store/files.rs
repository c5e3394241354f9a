//! Writes that carry a binary: upload of a new file (A8) and replacing a file's binary (A9).

use super::{Outcome, Store};
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::ApiError;
use crate::allportal::events;
use crate::allportal::media::{Binary, Probe};
use crate::allportal::object::Object;
use crate::allportal::schema::{self, FILE};
use serde_json::{Map, Value as Json};

/// Sets the technical fields of A7 from what the binary holds.
pub fn set_technical(o: &mut Object, probe: &Probe, version: u32) {
    o.set_text("mime_type", probe.mime_type.clone());
    o.set_text("size", probe.size.to_string());
    o.set_text("extension", probe.extension.clone());
    o.set_text("checksum_md5", probe.md5.clone());
    o.set_text("version_no", version.to_string());
    match probe.dimensions {
        Some((w, h)) => {
            o.set_text("width", w.to_string());
            o.set_text("height", h.to_string());
        }
        None => {
            o.set("width", None);
            o.set("height", None);
        }
    }
}

impl Store {
    /// Creates a file object for an uploaded binary in the upload folder `parent_path`, with
    /// the client's `fields` (A4 field arrays) applied; validated like a PATCH.
    pub fn create_file(
        &mut self,
        binary: Binary,
        probe: &Probe,
        parent_path: &str,
        fields: Map<String, Json>,
        actor: &Principal,
    ) -> Result<Outcome, ApiError> {
        let file = schema::module(FILE).expect("file module");
        actor
            .require(FILE, Right::Create)
            .map_err(ApiError::forbidden)?;
        let folder = self
            .find_unique(schema::FOLDER, "path", parent_path)
            .and_then(|id| self.get(schema::FOLDER, id));
        match folder {
            None => {
                return Err(ApiError::bad_request(format!(
                    "no folder {parent_path}; upload into an upload folder such as /Shelflink/"
                )));
            }
            Some(f) if f.text("is_upload_folder") != Some("true") => {
                return Err(ApiError::forbidden(format!(
                    "folder {parent_path} is not an upload folder"
                )));
            }
            Some(_) => {}
        }
        let mut item = fields;
        item.remove("id");
        item.entry("name")
            .or_insert_with(|| serde_json::json!([{"value": binary.file_name}]));
        item.insert(
            "parent_path".into(),
            serde_json::json!([{"value": parent_path}]),
        );
        let mut prepared = self.prepare(file, &[Json::Object(item)], actor)?;
        let id = prepared
            .objects
            .keys()
            .next()
            .cloned()
            .expect("one prepared object");
        let o = prepared.objects.get_mut(&id).expect("prepared object");
        set_technical(o, probe, binary.version);
        self.validate(&prepared)?;
        self.binaries.insert(id, binary);
        Ok(self.commit(prepared, events::BOTH))
    }

    /// Replaces the binary of file `id` (A9): new technical fields, `version_no` + 1, new
    /// `mod_time` and `mod_time_img`, an update event for data and derivates.
    pub fn replace_binary(
        &mut self,
        id: &str,
        mut binary: Binary,
        probe: &Probe,
        actor: &Principal,
    ) -> Result<Outcome, ApiError> {
        let Some(existing) = self.get(FILE, id) else {
            return Err(ApiError::unknown_object(FILE, id));
        };
        actor
            .require(FILE, Right::Edit)
            .map_err(ApiError::forbidden)?;
        let version = existing
            .text("version_no")
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
            + 1;
        let mut o = existing.clone();
        binary.version = version;
        binary.file_name = o.text("name").unwrap_or(&binary.file_name).to_owned();
        set_technical(&mut o, probe, version);
        let at = self.tick();
        o.mod_time = at;
        o.mod_time_img = at;
        self.binaries.insert(id.to_owned(), binary);
        self.put(o, (events::UPDATE, events::BOTH));
        let mut outcome = Outcome::default();
        outcome.written.push(super::Written {
            id: id.to_owned(),
            created: false,
            sent: Map::new(),
        });
        Ok(outcome)
    }
}
