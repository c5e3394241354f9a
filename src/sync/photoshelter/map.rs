//! A PhotoShelter gallery image row (the `GalleryImage` record with the `Image`, `Iptc`,
//! `License`, `Xmp`, `CustomMetadata` and `ImageLink` extensions) read into an asset record.

use crate::cache::catalog::assets::AssetRecord;
use crate::net::ApiError;
use crate::photoshelter::{Image, ImageLink};
use crate::rights::{PhotoShelterRightsData, PhotoShelterRightsFields, Rights};
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The asset record of one row, or why the row cannot be read.
pub fn asset_record(
    row: &Value,
    fields: &PhotoShelterRightsFields,
) -> Result<AssetRecord, ApiError> {
    let bad = |reason: String| {
        ApiError::invalid(format!(
            "PhotoShelter sent a gallery image that cannot be read ({reason}); report this with the log file"
        ))
    };
    let image_json = row
        .get("Image")
        .ok_or_else(|| bad("it has no Image record".into()))?;
    let image = Image::deserialize(image_json).map_err(|e| bad(e.to_string()))?;
    let ps_id = if image.image_id.as_str().is_empty() {
        row.get("image_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    } else {
        image.image_id.as_str().to_owned()
    };
    if ps_id.is_empty() {
        return Err(bad("it has no image id".into()));
    }
    let link = match row.get("ImageLink") {
        Some(l) => Some(ImageLink::deserialize(l).map_err(|e| bad(e.to_string()))?),
        None => image.image_link.clone(),
    };
    let iptc = image.iptc.clone().unwrap_or_default();
    let rights =
        Rights::from_photoshelter(&PhotoShelterRightsData::from_image_json(image_json), fields);
    let mut hash = Sha256::new();
    hash.update(row.to_string().as_bytes());
    Ok(AssetRecord {
        ps_id,
        file_name: image.file_name.clone(),
        file_size: image.file_size,
        width: image.width,
        height: image.height,
        title: text(&iptc.title),
        caption: text(&iptc.caption),
        headline: text(&iptc.headline),
        credit: text(&iptc.credit),
        copyright: text(&iptc.copyright),
        author: text(&iptc.author),
        keywords: iptc.keyword.clone(),
        rating: image.rating,
        flagged: image.flagged.unwrap_or(false),
        rights,
        uploaded_at: image.uploaded_at,
        updated_at: image.updated_at,
        thumb_base: link
            .as_ref()
            .map(|l| l.base.clone())
            .filter(|b| !b.is_empty()),
        thumb_token: link
            .as_ref()
            .map(|l| l.token.clone())
            .filter(|t| !t.is_empty()),
        record_hash: hex::encode(&hash.finalize()[..16]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_row_with_every_extension_becomes_one_asset_with_its_rights() {
        let row = json!({
            "image_id": "I0000X9UnoVMWXIg", "f_visible": "t",
            "Image": {
                "image_id": "I0000X9UnoVMWXIg", "file_name": "mh02-black_main.jpg",
                "file_size": "246955", "width": "1080", "height": "1340", "rating": "5",
                "flagged": "t", "model_released": "f",
                "uploaded_at": "2024-12-26 11:51:00 UTC", "updated_at": "2024-12-27 08:00:00 UTC",
                "Iptc": {"keyword": "MH02,hoodie", "caption": "", "title": "Teton hoodie",
                         "expiration_date": ""},
                "License": {"license_stime": "", "license_etime": "2026-06-30 23:59:59 UTC",
                            "license_type": "rights_managed"},
                "Xmp": {}, "CustomMetadata": [{"name": "Usage Channels", "value": "web"}]
            },
            "ImageLink": {"base": "http://x/img-get2/I0000X9UnoVMWXIg", "token": "d04f",
                          "link": "http://x/l", "auth_link": "http://x/l"}
        });
        let r = asset_record(&row, &PhotoShelterRightsFields::default()).unwrap();
        assert_eq!(r.ps_id, "I0000X9UnoVMWXIg");
        assert_eq!(r.keywords, ["MH02", "hoodie"]);
        assert_eq!(r.caption, None, "an empty caption is absent");
        assert_eq!(r.title.as_deref(), Some("Teton hoodie"));
        assert_eq!(
            (r.width, r.height, r.rating, r.flagged),
            (Some(1080), Some(1340), Some(5), true)
        );
        assert_eq!(r.thumb_token.as_deref(), Some("d04f"));
        assert_eq!(
            r.rights.licence_end.unwrap().value.date().to_string(),
            "2026-06-30"
        );
        assert_eq!(r.rights.channels.unwrap().value[0].as_str(), "web");
        let again = asset_record(&row, &PhotoShelterRightsFields::default()).unwrap();
        assert_eq!(again.record_hash, r.record_hash);
    }

    #[test]
    fn a_row_without_an_image_record_is_an_error_that_says_so() {
        let err = asset_record(
            &json!({"image_id": "I1"}),
            &PhotoShelterRightsFields::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no Image record"), "{err}");
    }
}
