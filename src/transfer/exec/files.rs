//! 4ALLPORTAL files: putting a PhotoShelter original in as a file (or finding the one
//! already there), and flagging a file whose rights expired.

use super::patch::patch_once;
use super::{Context, JobError};
use crate::allportal::mapping::RightsFields;
use crate::allportal::{FieldValue, NewFile, ObjectId, ObjectPatch};
use crate::cache::own_writes::OwnWrite;
use crate::net::Replay;
use crate::photoshelter::ImageId;
use crate::rights::{LicenceType, Rights};
use crate::transfer::catalog;
use crate::transfer::job::{FlagRights, UploadFile};
use serde_json::{Value, json};

/// The 4ALLPORTAL file carrying PhotoShelter image `ps_id`, if there is one.
pub(super) async fn find_file(ctx: &Context<'_>, ps_id: &str) -> Result<Option<String>, JobError> {
    let remotes = ctx.remotes;
    Ok(remotes
        .allportal
        .file_by_photoshelter_id(ps_id, &remotes.mapping)
        .await?
        .map(|o| o.id.0))
}

/// The file a job works with: made by the upload it depended on, else found by the
/// PhotoShelter id.
pub(super) async fn file_for(ctx: &Context<'_>, ps_id: &str) -> Result<Option<String>, JobError> {
    if let Some(file) = ctx.dependency_result(crate::transfer::JobKind::UploadFile, "file")? {
        return Ok(Some(file));
    }
    find_file(ctx, ps_id).await
}

/// The rights fields a new file carries (A7), from the asset's rights.
fn rights_fields(rights: &Rights, names: &RightsFields) -> Vec<(String, FieldValue)> {
    let mut out = Vec::new();
    let mut text = |field: &Option<String>, value: Option<String>| {
        if let (Some(field), Some(value)) = (field, value.filter(|v| !v.trim().is_empty())) {
            out.push((field.clone(), FieldValue::Text(value)));
        }
    };
    text(
        &names.license_type,
        rights.licence_type.as_ref().and_then(|t| match &t.value {
            LicenceType::Owned => Some("owned".into()),
            LicenceType::Licensed | LicenceType::RightsManaged => Some("licensed".into()),
            LicenceType::RoyaltyFree => Some("royalty_free".into()),
            LicenceType::Other(_) => None,
        }),
    );
    text(
        &names.license_holder,
        rights
            .licence_holder
            .as_ref()
            .or(rights.credit.as_ref())
            .map(|s| s.value.clone()),
    );
    text(
        &names.copyright,
        rights.copyright.as_ref().map(|s| s.value.clone()),
    );
    text(
        &names.valid_until,
        rights
            .licence_end
            .as_ref()
            .map(|e| e.value.date().format("%Y-%m-%d").to_string()),
    );
    text(
        &names.usage_restrictions,
        rights.usage_terms.as_ref().map(|s| s.value.clone()),
    );
    text(&names.approval_status, Some("approved".into()));
    if let (Some(field), Some(channels)) = (&names.channels, &rights.channels) {
        out.push((
            field.clone(),
            FieldValue::List(
                channels
                    .value
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
            ),
        ));
    }
    out
}

/// Puts the PhotoShelter original into 4ALLPORTAL with its PhotoShelter id and rights, or
/// reuses the file already carrying that id. Result: `{"file", "reused"}`.
pub(super) async fn upload(ctx: &Context<'_>, p: &UploadFile) -> Result<Value, JobError> {
    if let Some(file) = find_file(ctx, &p.asset).await? {
        return Ok(json!({"file": file, "reused": true}));
    }
    let remotes = ctx.remotes;
    let mapping = &remotes.mapping;
    let asset = ctx
        .cache
        .with_conn(|c| catalog::asset_by_ps_id(c, &p.asset))?;
    let dest = ctx.scratch_file(&p.file_name);
    remotes
        .photoshelter
        .download_original(&ImageId::new(p.asset.clone()), &dest)
        .await?;
    let mut fields = ObjectPatch::create()
        .text(&mapping.file.name, p.file_name.clone())
        .text(&mapping.file.photoshelter_id, p.asset.clone());
    if let Some(rights) = asset.as_ref().and_then(|a| a.rights.as_ref()) {
        for (field, value) in rights_fields(rights, &mapping.file.rights) {
            fields = fields.set(&field, value);
        }
    }
    let result = match ctx.check_cancel() {
        Ok(()) => {
            // No client-chosen id exists for uploads: never replayed by the client; a
            // repeat comes through this job again, after the look-up above.
            remotes
                .allportal
                .upload_file(&NewFile {
                    path: &dest,
                    parent_path: Some(&mapping.upload_folder),
                    fields: Some(&fields),
                    replay: Replay::Unsafe,
                })
                .await
                .map_err(JobError::from)
        }
        Err(e) => Err(e),
    };
    ctx.remove_scratch(&dest);
    let file = result?;
    Ok(json!({"file": file.id.0, "reused": false}))
}

/// Sets the file's `rights_flag` and `rights_note` unless they say so already.
pub(super) async fn flag(ctx: &Context<'_>, p: &FlagRights) -> Result<Value, JobError> {
    let remotes = ctx.remotes;
    let names = &remotes.mapping.file.rights;
    let Some(flag_field) = &names.rights_flag else {
        return Err(JobError::Attention(
            "the field mapping names no rights flag field for files: set one in Settings › Accounts, then retry".into(),
        ));
    };
    let module = &remotes.mapping.file.module;
    let mut wanted = vec![flag_field.clone()];
    wanted.extend(names.rights_note.clone());
    let id = ObjectId::new(p.file.clone());
    let current = match remotes.allportal.object(module, &id, &wanted).await {
        Ok(o) => o,
        Err(e) if e.is_not_found() => {
            return Ok(json!({"file": p.file, "gone": true}));
        }
        Err(e) => return Err(e.into()),
    };
    let note_field = names.rights_note.as_deref();
    let same_note = note_field.is_none_or(|f| current.text(f) == Some(p.note.as_str()));
    if current.text(flag_field) == Some(p.flag.as_str()) && same_note {
        return Ok(json!({"file": p.file, "written": false}));
    }
    ctx.about_to_write(&OwnWrite::allportal_field(
        &p.file,
        flag_field,
        &[p.flag.as_str().to_owned()],
    ))?;
    let mut patch = ObjectPatch::update(id).text(flag_field, p.flag.as_str());
    if let Some(field) = note_field {
        patch = patch.text(field, p.note.clone());
    }
    patch_once(&remotes.allportal, module, &patch).await?;
    Ok(json!({"file": p.file, "written": true}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::{Channel, LicenceDate, Origin, Sourced};

    #[test]
    fn a_new_file_carries_the_rights_in_the_instances_fields() {
        let ps = Origin::PhotoShelter;
        let rights = Rights {
            licence_end: Some(Sourced::new(
                LicenceDate::day(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
                ps,
                "License.license_etime",
            )),
            licence_type: Some(Sourced::new(LicenceType::RightsManaged, ps, "License")),
            credit: Some(Sourced::new("Studio North".to_string(), ps, "Iptc.credit")),
            channels: Some(Sourced::new(
                vec![Channel::new("Web")],
                ps,
                "CustomMetadata",
            )),
            ..Rights::default()
        };
        let fields = rights_fields(&rights, &RightsFields::default());
        let get = |name: &str| {
            fields
                .iter()
                .find(|(f, _)| f == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            get("license_type"),
            Some(FieldValue::Text("licensed".into()))
        );
        assert_eq!(
            get("license_holder"),
            Some(FieldValue::Text("Studio North".into()))
        );
        assert_eq!(
            get("license_valid_until"),
            Some(FieldValue::Text("2026-06-30".into()))
        );
        assert_eq!(get("channels"), Some(FieldValue::List(vec!["web".into()])));
        assert_eq!(
            get("approval_status"),
            Some(FieldValue::Text("approved".into()))
        );
        assert_eq!(get("copyright"), None, "nothing recorded, nothing written");
    }
}
