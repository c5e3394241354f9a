//! `gallery_tree`: PhotoShelter's collections and galleries for the gallery pane.

use super::CommandError;
use crate::cache::tree::GalleryTree;
use crate::workspace::Workspace;
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GalleryTreeRequest {}

pub async fn run(
    workspace: &Workspace,
    _request: GalleryTreeRequest,
) -> Result<GalleryTree, CommandError> {
    Ok(workspace.cache().gallery_tree()?)
}
