//! Plain text tables for the command line: columns padded to their widest cell.

/// The lines of a table with `header` over `rows` (cells longer than `max` are cut).
pub fn lines(header: &[&str], rows: &[Vec<String>], max: usize) -> Vec<String> {
    let cut = |cell: &str| -> String {
        if cell.chars().count() > max {
            let mut s: String = cell.chars().take(max.saturating_sub(1)).collect();
            s.push('…');
            s
        } else {
            cell.to_owned()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(
        rows.iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out
}

/// Appends the table to `out`, cells cut at 48 characters.
pub fn write(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    for l in lines(header, rows, 48) {
        out.push_str(&l);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_and_long_cells_are_cut() {
        let rows = vec![
            vec!["mh02-black_main.jpg".to_string(), "ok".to_string()],
            vec![
                "a-very-long-file-name-indeed.jpg".to_string(),
                "expired".to_string(),
            ],
        ];
        let out = lines(&["FILE", "VERDICT"], &rows, 20);
        assert_eq!(out[0], "FILE                  VERDICT");
        assert_eq!(out[1], "mh02-black_main.jpg   ok");
        assert_eq!(out[2], "a-very-long-file-na…  expired");
    }
}
