use std::path::Path;

fn main() {
    // The window's files are built by Vite and embedded here; say how to get them.
    let dist = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed={}", dist.display());
    if !dist.is_file() {
        panic!(
            "the UI is not built (ui/dist/index.html is missing): run `make ui` (or `make app`, \
             `make test`) from the repository root first"
        );
    }
    // The configuration lives at the repository root; `call` is the app's only command, so
    // the capability files can grant exactly it.
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&["call"]));
    tauri_build::try_build(attributes).expect("failed to run tauri-build");
}
