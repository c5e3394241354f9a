fn main() {
    // The configuration lives at the repository root; `call` is the app's only command, so
    // the capability files can grant exactly it.
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&["call"]));
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
