//! The PhotoShelter tree as the gallery pane shows it: collections with their
//! sub-collections and galleries, by name, each gallery with how many images it holds.

use super::{Cache, CacheError};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// A collection or a gallery in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TreeNode {
    /// PhotoShelter collection (`C…`) or gallery (`G…`) id.
    pub id: String,
    pub name: String,
    pub kind: TreeNodeKind,
    /// Images in the gallery; for a collection, in every gallery below it.
    pub image_count: u32,
    /// Sub-collections first, then galleries, each by name. Empty for a gallery.
    pub children: Vec<TreeNode>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TreeNodeKind {
    Collection,
    Gallery,
}

/// The whole tree: the top-level collections and galleries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GalleryTree {
    pub roots: Vec<TreeNode>,
    pub galleries: u32,
}

struct Row {
    id: String,
    parent: Option<String>,
    name: String,
    count: u32,
}

fn rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            parent: r.get(1)?,
            name: r.get(2)?,
            count: r.get(3)?,
        })
    })?
    .collect()
}

impl Cache {
    /// The collections and galleries as last synced.
    pub fn gallery_tree(&self) -> Result<GalleryTree, CacheError> {
        let (collections, galleries) = self
            .with_conn(|conn| {
                let collections = rows(
                    conn,
                    "SELECT id, parent_id, name, 0 FROM collections ORDER BY name COLLATE NOCASE, id",
                )?;
                let galleries = rows(
                    conn,
                    "SELECT g.id, g.collection_id, g.name,
                            (SELECT count(*) FROM gallery_assets a WHERE a.gallery_id = g.id)
                     FROM galleries g ORDER BY g.name COLLATE NOCASE, g.id",
                )?;
                Ok((collections, galleries))
            })
            .map_err(CacheError::query("read the gallery tree"))?;
        Ok(build(collections, galleries))
    }
}

fn build(collections: Vec<Row>, galleries: Vec<Row>) -> GalleryTree {
    let known: std::collections::HashSet<String> =
        collections.iter().map(|c| c.id.clone()).collect();
    // Children by parent id; a node whose parent is not in the cache goes to the top.
    let mut sub: HashMap<Option<String>, Vec<Row>> = HashMap::new();
    let mut leaves: HashMap<Option<String>, Vec<Row>> = HashMap::new();
    let total = galleries.len() as u32;
    for c in collections {
        let parent = c.parent.clone().filter(|p| known.contains(p) && *p != c.id);
        sub.entry(parent).or_default().push(c);
    }
    for g in galleries {
        let parent = g.parent.clone().filter(|p| known.contains(p));
        leaves.entry(parent).or_default().push(g);
    }
    let mut seen = std::collections::HashSet::new();
    let roots = children_of(None, &mut sub, &mut leaves, &mut seen);
    GalleryTree {
        roots,
        galleries: total,
    }
}

fn children_of(
    parent: Option<String>,
    sub: &mut HashMap<Option<String>, Vec<Row>>,
    leaves: &mut HashMap<Option<String>, Vec<Row>>,
    seen: &mut std::collections::HashSet<String>,
) -> Vec<TreeNode> {
    let mut out = Vec::new();
    for c in sub.remove(&parent).unwrap_or_default() {
        if !seen.insert(c.id.clone()) {
            continue;
        }
        let children = children_of(Some(c.id.clone()), sub, leaves, seen);
        out.push(TreeNode {
            image_count: children.iter().map(|n| n.image_count).sum(),
            id: c.id,
            name: c.name,
            kind: TreeNodeKind::Collection,
            children,
        });
    }
    for g in leaves.remove(&parent).unwrap_or_default() {
        out.push(TreeNode {
            id: g.id,
            name: g.name,
            kind: TreeNodeKind::Gallery,
            image_count: g.count,
            children: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_hold_their_sub_collections_and_galleries_with_image_counts() {
        let cache = Cache::open_in_memory().unwrap();
        cache
            .with_conn(|c| {
                c.execute_batch(
                    "INSERT INTO collections (id, parent_id, name, path, synced_at) VALUES
                       ('C1', NULL, 'Spring 2026', 'Spring 2026', 'x'),
                       ('C2', 'C1', 'Men', 'Spring 2026 / Men', 'x');
                     INSERT INTO galleries (id, collection_id, name, path, synced_at) VALUES
                       ('G1', 'C2', 'Jackets', 'Spring 2026 / Men / Jackets', 'x'),
                       ('G2', 'C1', 'Accessories', 'Spring 2026 / Accessories', 'x'),
                       ('G3', NULL, 'Inbox', 'Inbox', 'x');
                     INSERT INTO assets (ps_id, file_name, synced_at) VALUES
                       ('I1', 'a.jpg', 'x'), ('I2', 'b.jpg', 'x'), ('I3', 'c.jpg', 'x');
                     INSERT INTO gallery_assets (gallery_id, asset_id, position)
                       SELECT 'G1', id, id FROM assets;
                     INSERT INTO gallery_assets (gallery_id, asset_id, position)
                       SELECT 'G3', id, id FROM assets WHERE ps_id = 'I1';",
                )
            })
            .unwrap();

        let tree = cache.gallery_tree().unwrap();

        assert_eq!(tree.galleries, 3);
        let names: Vec<(&str, u32)> = tree
            .roots
            .iter()
            .map(|n| (n.name.as_str(), n.image_count))
            .collect();
        assert_eq!(names, [("Spring 2026", 3), ("Inbox", 1)]);
        let spring = &tree.roots[0];
        let inner: Vec<(&str, TreeNodeKind, u32)> = spring
            .children
            .iter()
            .map(|n| (n.name.as_str(), n.kind, n.image_count))
            .collect();
        assert_eq!(
            inner,
            [
                ("Men", TreeNodeKind::Collection, 3),
                ("Accessories", TreeNodeKind::Gallery, 0)
            ]
        );
        assert_eq!(spring.children[0].children[0].id, "G1");
    }
}
