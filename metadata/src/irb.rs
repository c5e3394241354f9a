//! Photoshop image resource blocks: the `8BIM` records inside APP13 (JPEG) or tag 34377
//! (TIFF). Resource 0x0404 holds IPTC IIM, 0x0425 its MD5 digest as last written by an
//! application that kept XMP and IIM in step.

/// IIM blocks (every 0x0404 resource, in order) and the stored digest, if any.
#[derive(Debug, Default)]
pub struct Resources {
    pub iim: Vec<Vec<u8>>,
    pub digest: Option<[u8; 16]>,
    /// The stream stopped in the middle of a resource (damaged or cut file).
    pub damaged: bool,
}

pub fn parse(mut data: &[u8]) -> Resources {
    let mut out = Resources::default();
    while !data.is_empty() {
        // Resource type signatures that Photoshop and others write.
        let Some(sig) = data.get(..4) else {
            out.damaged = true;
            break;
        };
        if !matches!(sig, b"8BIM" | b"PHUT" | b"AgHg" | b"DCSR" | b"MeSa") {
            // Padding or a second "Photoshop 3.0" header of a damaged join: look for the
            // next signature instead of giving up.
            match find(data, b"8BIM") {
                Some(at) if at > 0 => {
                    data = &data[at..];
                    continue;
                }
                _ => break,
            }
        }
        let Some(id) = data.get(4..6).map(|b| u16::from_be_bytes([b[0], b[1]])) else {
            out.damaged = true;
            break;
        };
        let Some(&name_len) = data.get(6) else {
            out.damaged = true;
            break;
        };
        // Pascal string padded so that length byte + name is even.
        let name_total = (name_len as usize + 1 + 1) & !1;
        let size_at = 6 + name_total;
        let Some(size) = data
            .get(size_at..size_at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
        else {
            out.damaged = true;
            break;
        };
        let start = size_at + 4;
        let Some(body) = start.checked_add(size).and_then(|end| data.get(start..end)) else {
            out.damaged = true;
            break;
        };
        match id {
            0x0404 => out.iim.push(body.to_vec()),
            0x0425 if body.len() == 16 && out.digest.is_none() => {
                let mut d = [0u8; 16];
                d.copy_from_slice(body);
                out.digest = Some(d);
            }
            _ => {}
        }
        let next = start + size + (size & 1);
        data = data.get(next..).unwrap_or(&[]);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: u16, body: &[u8]) -> Vec<u8> {
        let mut v = b"8BIM".to_vec();
        v.extend(id.to_be_bytes());
        v.extend([0, 0]); // empty name, padded
        v.extend((body.len() as u32).to_be_bytes());
        v.extend(body);
        if body.len() % 2 == 1 {
            v.push(0);
        }
        v
    }

    #[test]
    fn finds_every_iim_block_and_the_digest() {
        let mut data = resource(0x0404, b"\x1c\x02\x6e\x00\x03one");
        data.extend(resource(0x0425, &[7u8; 16]));
        data.extend(resource(0x0404, b"\x1c\x02\x6e\x00\x03two"));
        let r = parse(&data);
        assert_eq!(r.iim.len(), 2);
        assert_eq!(r.digest, Some([7u8; 16]));
        assert!(!r.damaged);
    }

    #[test]
    fn a_resource_cut_short_is_reported_not_read_past() {
        let mut data = resource(0x0404, b"\x1c\x02\x6e\x00\x03one");
        data.truncate(data.len() - 2);
        let r = parse(&data);
        assert!(r.iim.is_empty());
        assert!(r.damaged);
    }

    #[test]
    fn a_resource_claiming_more_bytes_than_exist_gives_nothing() {
        let data = b"8BIM\x04\x04\x00\x00\xff\xff\xff\xff\x1c\x02\x6e";
        let r = parse(data);
        assert!(r.iim.is_empty());
        assert!(r.damaged);
    }
}
