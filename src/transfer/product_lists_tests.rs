use super::*;

fn fields() -> ProductFields {
    ProductFields::default()
}

fn product(json: &str) -> ProductLists {
    let object: Object = serde_json::from_str(json).unwrap();
    ProductLists::from_object(&object, &fields())
}

fn three() -> ProductLists {
    product(
        r#"{"id":"p1","images":[{"value":["f1","f2","f3"]}],
            "image_roles":[{"value":["hero","gallery","detail"]}],
            "main_image":[{"value":"f1"}],
            "photoshelter_ids":[{"value":["I1","I2","I3"]}],
            "photoshelter_urls":[{"value":["u1","u2","u3"]}]}"#,
    )
}

#[test]
fn relating_inserts_at_the_position_and_keeps_the_back_links_in_their_places() {
    let mut p = three();
    assert!(p.relate("f9", "gallery", 1));
    assert_eq!(p.files, ["f1", "f9", "f2", "f3"]);
    assert_eq!(p.roles, ["hero", "gallery", "gallery", "detail"]);
    assert_eq!(p.ps_ids, ["I1", "", "I2", "I3"]);
    assert_eq!(p.ps_urls, ["u1", "", "u2", "u3"]);
    assert_eq!(p.main.as_deref(), Some("f1"));
}

#[test]
fn a_reorder_moves_the_file_with_its_back_links_and_a_repeat_changes_nothing() {
    let mut p = three();
    assert!(p.move_to("f3", "hero", 0));
    assert_eq!(p.files, ["f3", "f1", "f2"]);
    assert_eq!(p.roles, ["hero", "gallery", "gallery"]);
    assert_eq!(p.ps_ids, ["I3", "I1", "I2"]);
    assert_eq!(p.ps_urls, ["u3", "u1", "u2"]);
    assert_eq!(p.main.as_deref(), Some("f3"));
    let after = p.clone();
    assert!(!p.move_to("f3", "hero", 0));
    assert_eq!(p, after);
    assert!(p.move_to("f1", "gallery", 9));
    assert_eq!(p.files, ["f3", "f2", "f1"]);
}

#[test]
fn relating_a_file_already_there_changes_nothing() {
    let mut p = three();
    assert!(!p.relate("f2", "gallery", 0));
    assert_eq!(p, three());
}

#[test]
fn a_new_hero_takes_the_main_image_and_the_old_hero_becomes_a_gallery_image() {
    let mut p = three();
    assert!(p.relate("f9", "hero", 0));
    assert_eq!(p.files, ["f9", "f1", "f2", "f3"]);
    assert_eq!(p.roles, ["hero", "gallery", "gallery", "detail"]);
    assert_eq!(p.main.as_deref(), Some("f9"));
}

#[test]
fn a_position_past_the_end_appends() {
    let mut p = product(r#"{"id":"p1","images":[{"value":[]}]}"#);
    assert!(p.relate("f1", "detail", 7));
    assert_eq!(p.files, ["f1"]);
    assert_eq!(p.ps_ids, [""]);
    assert_eq!(p.main, None);
}

#[test]
fn replacing_keeps_role_position_and_the_hero() {
    let mut p = three();
    assert!(p.replace("f1", "f1v2", "hero", 0));
    assert_eq!(p.files, ["f1v2", "f2", "f3"]);
    assert_eq!(p.roles, ["hero", "gallery", "detail"]);
    assert_eq!(p.main.as_deref(), Some("f1v2"));
    assert!(
        !p.replace("f1", "f1v2", "hero", 0),
        "done already: no change"
    );
}

#[test]
fn replacing_an_image_someone_removed_puts_the_new_one_where_the_old_one_was() {
    let mut p = three();
    p.remove("f3");
    assert!(p.replace("f3", "f3v2", "detail", 2));
    assert_eq!(p.files, ["f1", "f2", "f3v2"]);
    assert_eq!(p.roles[2], "detail");
}

#[test]
fn replacing_when_both_versions_are_there_drops_the_old_one() {
    let mut p = three();
    p.relate("f1v2", "gallery", 3);
    assert!(p.replace("f1", "f1v2", "hero", 0));
    assert_eq!(p.files, ["f2", "f3", "f1v2"]);
    assert_eq!(p.main.as_deref(), Some("f1v2"));
    assert_eq!(p.roles, ["gallery", "detail", "hero"]);
}

#[test]
fn removing_the_hero_clears_the_main_image_and_its_back_link() {
    let mut p = three();
    assert!(p.remove("f1"));
    assert_eq!(p.files, ["f2", "f3"]);
    assert_eq!(p.ps_ids, ["I2", "I3"]);
    assert_eq!(p.main, None);
    assert!(!p.remove("f1"));
}

#[test]
fn a_back_link_is_written_at_the_files_place_once() {
    let mut p = three();
    p.relate("f9", "gallery", 1);
    assert_eq!(p.set_back_link("f9", "I9", "u9"), Some(true));
    assert_eq!(p.ps_ids, ["I1", "I9", "I2", "I3"]);
    assert_eq!(p.set_back_link("f9", "I9", "u9"), Some(false));
    assert_eq!(p.set_back_link("nope", "I9", "u9"), None);
}

#[test]
fn short_back_link_lists_are_padded_to_the_images() {
    let p = product(
        r#"{"id":"p1","images":[{"value":["f1","f2"]}],"photoshelter_ids":[{"value":["I1"]}]}"#,
    );
    assert_eq!(p.ps_ids, ["I1", ""]);
    assert_eq!(p.ps_urls, ["", ""]);
    assert_eq!(p.roles, ["", ""]);
}

#[test]
fn the_patch_writes_every_list_in_the_wire_shape() {
    let mut p = three();
    p.relate("f9", "swatch", 3);
    let json = serde_json::to_value(p.images_patch("p1", &fields())).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "p1",
            "images": [{"value": ["f1", "f2", "f3", "f9"]}],
            "image_roles": [{"value": ["hero", "gallery", "detail", "swatch"]}],
            "main_image": [{"value": "f1"}],
            "photoshelter_ids": [{"value": ["I1", "I2", "I3", ""]}],
            "photoshelter_urls": [{"value": ["u1", "u2", "u3", ""]}]
        })
    );
    let back = serde_json::to_value(p.back_links_patch("p1", &fields())).unwrap();
    assert!(back.get("images").is_none());
    assert_eq!(back["photoshelter_ids"][0]["value"][3], "");
}

#[test]
fn an_instance_without_back_link_fields_gets_none_written() {
    let mut f = fields();
    f.photoshelter_ids = None;
    let object: Object =
        serde_json::from_str(r#"{"id":"p1","images":[{"value":["f1"]}]}"#).unwrap();
    let mut p = ProductLists::from_object(&object, &f);
    assert!(p.relate("f2", "gallery", 1));
    assert_eq!(p.set_back_link("f2", "I2", "u2"), None);
    let json = serde_json::to_value(p.images_patch("p1", &f)).unwrap();
    assert!(json.get("photoshelter_urls").is_none());
}
