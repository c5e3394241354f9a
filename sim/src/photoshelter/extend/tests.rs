use super::*;

/// The extensions placed on a record, sorted (JSON objects have no order).
fn names(plan: &Plan) -> Vec<&str> {
    let mut names: Vec<&str> = plan.attach.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names
}

fn planned(kind: Kind, extend: &str) -> ApiResult<Plan> {
    plan(kind, parse_extend(Some(extend))?)
}

#[test]
fn gallery_images_put_iptc_inside_image_and_image_link_beside_it() {
    let extend = r#"{"Image":{"fields":"image_id,file_name,updated_at","params":{}},
        "ImageLink":{"fields":"link,auth_link","params":{"image_size":"x700","f_https_link":"t"}},
        "Iptc":{"fields":"keyword,credit,caption","params":{}}}"#;
    let plan = planned(Kind::GalleryImage, extend).unwrap();
    assert_eq!(names(&plan), ["Image", "ImageLink"]);
    let image = plan.get("Image").unwrap();
    assert_eq!(names(&image.plan), ["Iptc"]);
    assert_eq!(
        image.fields,
        Fields::Only(vec![
            "image_id".into(),
            "file_name".into(),
            "updated_at".into()
        ])
    );
    assert_eq!(plan.get("ImageLink").unwrap().params["image_size"], "x700");
}

#[test]
fn collection_image_link_lands_in_key_image_and_children_hold_both_lists() {
    let extend = r#"{"KeyImage":{"fields":"image_id","params":{}},
        "ImageLink":{"fields":"link","params":{"image_size":"300x300"}},
        "Visibility":{"fields":"mode","params":{}},
        "Children":{"Gallery":{"fields":"gallery_id","params":{}},"Collection":{"fields":"collection_id","params":{}}}}"#;
    let plan = planned(Kind::Collection, extend).unwrap();
    assert_eq!(names(&plan), ["Children", "KeyImage", "Visibility"]);
    assert_eq!(names(&plan.get("KeyImage").unwrap().plan), ["ImageLink"]);
    assert_eq!(
        names(&plan.get("Children").unwrap().plan),
        ["Collection", "Gallery"]
    );
}

#[test]
fn public_gallery_extensions_go_into_its_gallery_images() {
    let extend =
        r#"{"GalleryImage":{"fields":"image_id"},"ImageLink":{},"Image":{},"Iptc":{"fields":"*"}}"#;
    let plan = planned(Kind::Gallery, extend).unwrap();
    assert_eq!(names(&plan), ["GalleryImage"]);
    let rows = &plan.get("GalleryImage").unwrap().plan;
    assert_eq!(names(rows), ["Image", "ImageLink"]);
    assert_eq!(names(&rows.get("Image").unwrap().plan), ["Iptc"]);
}

#[test]
fn without_image_the_gallery_image_holds_iptc_itself() {
    let plan = planned(Kind::GalleryImage, r#"{"Iptc":{}}"#).unwrap();
    assert_eq!(names(&plan), ["Iptc"]);
}

#[test]
fn children_give_forwarded_extensions_to_both_lists() {
    let plan = planned(Kind::Children, r#"{"KeyImage":{"fields":"image_id"}}"#).unwrap();
    assert_eq!(names(&plan), ["Collection", "Gallery"]);
    for list in &plan.attach {
        assert_eq!(names(&list.plan), ["KeyImage"], "{}", list.name);
    }
}

#[test]
fn nested_extend_objects_are_read_too() {
    let plan = planned(
        Kind::Image,
        r#"{"ImageGallery":{"extend":{"Gallery":{"fields":"name"}}}}"#,
    )
    .unwrap();
    assert_eq!(names(&plan.get("ImageGallery").unwrap().plan), ["Gallery"]);
}

#[test]
fn misplaced_and_unknown_extensions_are_param_errors() {
    let err = planned(Kind::Collection, r#"{"ImageLink":{}}"#).unwrap_err();
    assert_eq!(err.class, "ParamErr");
    assert!(err.message.contains("ImageLink"), "{}", err.message);
    let err = planned(Kind::Image, r#"{"IPTC":{}}"#).unwrap_err();
    assert!(
        err.message.contains("unknown record type"),
        "{}",
        err.message
    );
    assert_eq!(
        parse_extend(Some("{not json")).unwrap_err().class,
        "ParamErr"
    );
}

#[test]
fn fields_select_and_star_keeps_all() {
    let mut record = Map::new();
    record.insert("a".into(), Value::from(1));
    record.insert("b".into(), Value::from(2));
    assert_eq!(Fields::parse(Some("a, c")).project(record.clone()).len(), 1);
    assert_eq!(Fields::parse(Some("*")).project(record.clone()).len(), 2);
    assert_eq!(Fields::parse(None).project(record).len(), 2);
}
