//! Reading whole files: which blocks a JPEG, PNG or TIFF gives, how several XMP packets,
//! Extended XMP and several IIM blocks come out, what the IIM digest says, and that damaged
//! or cut files give notes instead of panics.

use md5::{Digest, Md5};
use shelflink_metadata::iim::ds;
use shelflink_metadata::{DigestState, FileFormat, Metadata, read_bytes, read_from};
use std::io::{Cursor, Read, Seek, SeekFrom};

const GUID: &str = "0123456789ABCDEF0123456789ABCDEF";

fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend((body.len() as u16 + 2).to_be_bytes());
    out.extend(body);
    out
}

/// A JPEG of the given segments: SOI, the segments, an empty scan, EOI.
fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    for s in segments {
        out.extend(s);
    }
    out.extend([0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9]);
    out
}

fn packet(props: &str) -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">{props}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#
    )
}

fn title(text: &str) -> String {
    format!(
        r#"<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></dc:title>"#
    )
}

fn xmp_app1(packet: &str) -> Vec<u8> {
    let mut body = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    body.extend(packet.as_bytes());
    segment(0xE1, &body)
}

fn extended_app1(guid: &str, full: u32, offset: u32, data: &[u8]) -> Vec<u8> {
    let mut body = b"http://ns.adobe.com/xmp/extension/\0".to_vec();
    body.extend(guid.as_bytes());
    body.extend(full.to_be_bytes());
    body.extend(offset.to_be_bytes());
    body.extend(data);
    segment(0xE1, &body)
}

fn dataset(record: u8, number: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1C, record, number];
    out.extend((value.len() as u16).to_be_bytes());
    out.extend(value);
    out
}

fn resource(id: u16, body: &[u8]) -> Vec<u8> {
    let mut out = b"8BIM".to_vec();
    out.extend(id.to_be_bytes());
    out.extend([0, 0]);
    out.extend((body.len() as u32).to_be_bytes());
    out.extend(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
    out
}

fn app13(resources: &[u8]) -> Vec<u8> {
    let mut body = b"Photoshop 3.0\0".to_vec();
    body.extend(resources);
    segment(0xED, &body)
}

fn credit(iim: &shelflink_metadata::Iim) -> Option<String> {
    iim.first(ds::CREDIT).map(|(value, _)| value)
}

#[test]
fn a_jpeg_gives_its_xmp_and_every_iim_block_in_file_order() {
    let first = dataset(2, ds::CREDIT, b"credit one");
    let second = dataset(2, ds::CREDIT, b"credit two");
    let file = jpeg(&[
        xmp_app1(&packet(&title("Teton Hoodie"))),
        app13(&resource(0x0404, &first)),
        app13(&resource(0x0404, &second)),
    ]);
    let meta = read_bytes(&file);
    assert_eq!(meta.format, Some(FileFormat::Jpeg));
    assert_eq!(meta.xmp.text("dc:title").as_deref(), Some("Teton Hoodie"));
    assert_eq!(meta.iim.len(), 2);
    assert_eq!(credit(&meta.iim[0]).as_deref(), Some("credit one"));
    assert_eq!(credit(&meta.iim[1]).as_deref(), Some("credit two"));
    assert_eq!(meta.digest, DigestState::Absent);
    assert!(meta.notes.is_empty(), "{:?}", meta.notes);
}

#[test]
fn the_iim_digest_matches_only_the_block_it_was_computed_from() {
    let iim = dataset(2, ds::CREDIT, b"Studio");
    let with_digest = |digest: &[u8]| {
        let mut resources = resource(0x0404, &iim);
        resources.extend(resource(0x0425, digest));
        read_bytes(&jpeg(&[app13(&resources)])).digest
    };
    assert_eq!(with_digest(&Md5::digest(&iim)), DigestState::Matches);
    assert_eq!(
        with_digest(&Md5::digest(b"older IIM")),
        DigestState::Differs
    );
}

#[test]
fn later_xmp_packets_only_fill_gaps_and_are_noted() {
    let second = format!(
        "{}<photoshop:Credit>Studio</photoshop:Credit>",
        title("Other")
    );
    let file = jpeg(&[
        xmp_app1(&packet(&title("First"))),
        xmp_app1(&packet(&second)),
    ]);
    let meta = read_bytes(&file);
    assert_eq!(meta.xmp.text("dc:title").as_deref(), Some("First"));
    assert_eq!(meta.xmp.text("photoshop:Credit").as_deref(), Some("Studio"));
    assert_eq!(
        meta.notes,
        ["2 XMP packets found: the first sets each property, later ones fill gaps"]
    );
}

/// A main packet naming the Extended XMP, and the extension cut in two chunks.
fn extended_parts() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let main = xmp_app1(&packet(&format!(
        "{}<xmpNote:HasExtendedXMP>{GUID}</xmpNote:HasExtendedXMP>",
        title("Main")
    )));
    let extension = packet("<pdf:Title>PDF Title</pdf:Title>");
    let (a, b) = extension.as_bytes().split_at(40);
    let full = extension.len() as u32;
    (
        main,
        extended_app1(GUID, full, 0, a),
        extended_app1(GUID, full, a.len() as u32, b),
    )
}

#[test]
fn extended_xmp_chunks_are_joined_in_offset_order_whatever_their_file_order() {
    let (main, first, second) = extended_parts();
    let meta = read_bytes(&jpeg(&[main, second, first]));
    assert_eq!(meta.xmp.text("pdf:Title").as_deref(), Some("PDF Title"));
    assert_eq!(meta.xmp.text("dc:title").as_deref(), Some("Main"));
    assert!(meta.notes.is_empty(), "{:?}", meta.notes);
}

#[test]
fn extended_xmp_that_is_unnamed_incomplete_or_too_large_is_ignored_with_a_note() {
    let (main, first, second) = extended_parts();
    let cases: [(Metadata, &str); 5] = [
        (
            read_bytes(&jpeg(&[xmp_app1(&packet("")), first.clone()])),
            "Extended XMP found but the main XMP does not name it: ignored",
        ),
        (
            read_bytes(&jpeg(&[main.clone(), first.clone()])),
            "the Extended XMP is incomplete: ignored",
        ),
        (
            read_bytes(&jpeg(&[main.clone(), second.clone()])),
            "the Extended XMP chunks do not fit together: ignored",
        ),
        (
            read_bytes(&jpeg(&[
                main.clone(),
                extended_app1(&GUID.replace('0', "F"), 10, 0, b"<x/>"),
            ])),
            "the Extended XMP named by the main XMP is missing",
        ),
        (
            read_bytes(&jpeg(&[main, extended_app1(GUID, u32::MAX, 0, b"<x/>")])),
            "the Extended XMP declares 4294967295 bytes, over the 16 MiB limit: ignored",
        ),
    ];
    for (meta, note) in cases {
        assert_eq!(meta.xmp.text("pdf:Title"), None, "{note}");
        assert_eq!(meta.notes, [note]);
    }
}

#[test]
fn a_png_gives_the_xmp_of_its_itxt_chunk() {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 1, 1);
    encoder.set_color(png::ColorType::Grayscale);
    encoder
        .add_itxt_chunk("XML:com.adobe.xmp".into(), packet(&title("Swatch")))
        .unwrap();
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&[0])
        .unwrap();
    let meta = read_bytes(&bytes);
    assert_eq!(meta.format, Some(FileFormat::Png));
    assert_eq!(meta.xmp.text("dc:title").as_deref(), Some("Swatch"));
    assert!(meta.iim.is_empty());
}

#[test]
fn a_tiff_gives_its_xmp_and_its_directly_stored_iim() {
    use tiff::encoder::{TiffEncoder, colortype::Gray8};
    use tiff::tags::Tag;
    let mut bytes = Cursor::new(Vec::new());
    let mut encoder = TiffEncoder::new(&mut bytes).unwrap();
    let mut image = encoder.new_image::<Gray8>(1, 1).unwrap();
    let xmp = packet(&title("Scan"));
    image
        .encoder()
        .write_tag(Tag::Unknown(700), xmp.as_bytes())
        .unwrap();
    let iim = dataset(2, ds::CREDIT, b"Archive");
    image
        .encoder()
        .write_tag(Tag::Unknown(33723), &iim[..])
        .unwrap();
    image.write_data(&[0]).unwrap();
    let meta = read_bytes(bytes.get_ref());
    assert_eq!(meta.format, Some(FileFormat::Tiff));
    assert_eq!(meta.xmp.text("dc:title").as_deref(), Some("Scan"));
    assert_eq!(meta.iim.len(), 1);
    assert_eq!(credit(&meta.iim[0]).as_deref(), Some("Archive"));
}

#[test]
fn files_whose_metadata_is_not_read_say_why() {
    let empty = read_bytes(&[]);
    assert_eq!(empty.format, Some(FileFormat::Empty));
    assert_eq!(empty.notes, ["the file is empty"]);
    let heic = read_bytes(b"\0\0\0\x18ftypheic");
    assert_eq!(heic.format, Some(FileFormat::Other));
    assert_eq!(
        heic.notes,
        ["metadata of this file format is not read (JPEG, PNG and TIFF are)"]
    );
}

struct Unreadable;

impl Read for Unreadable {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("device gone"))
    }
}

impl Seek for Unreadable {
    fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
        Ok(0)
    }
}

#[test]
fn a_reader_that_fails_gives_no_format_and_a_note() {
    let meta = read_from(&mut Unreadable);
    assert_eq!(meta.format, None);
    assert_eq!(meta.notes, ["the file could not be read (device gone)"]);
}

#[test]
fn every_prefix_of_a_file_reads_without_panicking_and_a_cut_one_is_noted() {
    let (main, first, second) = extended_parts();
    let iim = resource(0x0404, &dataset(2, ds::CREDIT, b"Studio"));
    let file = jpeg(&[main, first, second, app13(&iim)]);
    for len in 0..file.len() {
        let _ = read_bytes(&file[..len]);
    }
    let cut = read_bytes(&file[..file.len() / 2]);
    assert!(cut.xmp.props.is_empty() && cut.iim.is_empty());
    assert_eq!(
        cut.notes,
        ["the file ends before its image data: metadata not read"]
    );
}
