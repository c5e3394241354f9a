//! `shelflink connect` and `shelflink accounts` against `shelflink sim --demo`, each in a
//! fresh `SHELFLINK_HOME`: a full connect of both services (needs the system keyring, so it
//! runs with the keyring test), a refused password and an unavailable keyring (nothing is
//! saved in either case).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_shelflink");

/// `shelflink sim --demo`, stopped when dropped.
struct Sim {
    child: Child,
    info: serde_json::Value,
}

impl Sim {
    fn start() -> Self {
        let mut child = Command::new(BIN)
            .args(["sim", "--demo"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("shelflink sim starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let info = serde_json::from_str(&line).expect("the first line is the JSON announcement");
        Self { child, info }
    }

    fn ps(&self, key: &str) -> String {
        self.info["photoshelter"][key].as_str().unwrap().to_string()
    }

    fn ap(&self, key: &str) -> String {
        self.info["allportal"][key].as_str().unwrap().to_string()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `shelflink ARGS` in `home` with `stdin` piped in.
fn shelflink(home: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("SHELFLINK_HOME", home)
        .env(
            "SHELFLINK_KEYRING_SERVICE",
            format!("shelflink-test-{}", std::process::id()),
        )
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
#[ignore = "needs a D-Bus session with an unlocked Secret Service (see README.md)"]
fn both_accounts_connect_to_the_demo_simulator_and_are_listed_without_secrets() {
    let sim = Sim::start();
    let home = tempfile::tempdir().unwrap();
    let ps_secrets = format!("{}\n{}\n", sim.ps("api_key"), sim.ps("password"));
    let out = shelflink(
        home.path(),
        &[
            "connect",
            "photoshelter",
            "--url",
            &sim.ps("base_url"),
            "--user",
            &sim.ps("email"),
        ],
        &ps_secrets,
        &[],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains(&format!(
            "acting in the organization {}",
            sim.ps("org_name")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("The API key and password are in the system keyring"),
        "{stdout}"
    );

    let ap_secrets = format!("{}\n{}\n", sim.ap("api_key"), sim.ap("password"));
    let out = shelflink(
        home.path(),
        &[
            "connect",
            "allportal",
            "--url",
            &sim.ap("base_url"),
            "--user",
            &sim.ap("username"),
        ],
        &ap_secrets,
        &[],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("the field mapping fits the modules product, file, category, user, task"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the events feed `shelflink_product` is ready"),
        "{stdout}"
    );

    let listed = shelflink(home.path(), &["accounts"], "", &[]);
    let table = text(&listed.stdout);
    assert!(table.starts_with("ACCOUNT"), "{table}");
    assert!(
        table.contains(&format!("photoshelter:{}@", sim.ps("email"))),
        "{table}"
    );
    assert!(table.contains("API key, password"), "{table}");
    let json = shelflink(home.path(), &["accounts", "--json"], "", &[]);
    let accounts: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(accounts.as_array().unwrap().len(), 2);
    assert_eq!(accounts[0]["organization"]["name"], sim.ps("org_name"));
    assert_eq!(accounts[1]["mapping"]["product"]["sku"], "article_number");

    let settings = std::fs::read_to_string(home.path().join("settings.json")).unwrap();
    // The demo password is also part of the demo e-mail domain, so look for whole values.
    let listed_json = text(&json.stdout);
    for secret in [
        sim.ps("api_key"),
        sim.ps("password"),
        sim.ap("api_key"),
        sim.ap("password"),
    ] {
        let quoted = format!("\"{secret}\"");
        assert!(
            !settings.contains(&quoted) && !listed_json.contains(&quoted),
            "{secret} saved"
        );
        assert!(
            !table.split_whitespace().any(|w| w == secret),
            "{secret} listed"
        );
    }
    for key in [sim.ps("api_key"), sim.ap("api_key")] {
        assert!(!settings.contains(&key) && !listed_json.contains(&key) && !table.contains(&key));
    }
    let store = shelflink::accounts::KeyringStore::with_service(format!(
        "shelflink-test-{}",
        std::process::id()
    ));
    for account in accounts.as_array().unwrap() {
        for kind in [
            shelflink::accounts::SecretKind::ApiKey,
            shelflink::accounts::SecretKind::Password,
        ] {
            use shelflink::accounts::SecretStore;
            store.delete(account["id"].as_str().unwrap(), kind).unwrap();
        }
    }
}

#[test]
fn a_refused_password_saves_nothing() {
    let sim = Sim::start();
    let home = tempfile::tempdir().unwrap();
    let out = shelflink(
        home.path(),
        &[
            "connect",
            "photoshelter",
            "--url",
            &sim.ps("base_url"),
            "--user",
            &sim.ps("email"),
        ],
        &format!("{}\nnot-the-password\n", sim.ps("api_key")),
        &[],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "PhotoShelter refused the user name or password (401): check Settings › Accounts or `shelflink connect`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-password"));
    assert!(!home.path().join("settings.json").exists());
    let listed = shelflink(home.path(), &["accounts"], "", &[]);
    assert!(
        text(&listed.stdout).starts_with("No accounts yet"),
        "{}",
        text(&listed.stdout)
    );
}

#[test]
fn a_missing_secret_line_is_named() {
    let home = tempfile::tempdir().unwrap();
    let out = shelflink(
        home.path(),
        &[
            "connect",
            "photoshelter",
            "--url",
            "http://127.0.0.1:9",
            "--user",
            "a@example.org",
        ],
        "only-the-key\n",
        &[],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("expected the PhotoShelter password on line 2 of standard input"),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_keyring_the_account_is_verified_but_not_saved() {
    let sim = Sim::start();
    let home = tempfile::tempdir().unwrap();
    let out = shelflink(
        home.path(),
        &[
            "connect",
            "allportal",
            "--url",
            &sim.ap("base_url"),
            "--user",
            &sim.ap("username"),
            "--auth",
            "api-key",
        ],
        &format!("{}\n", sim.ap("api_key")),
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/shelflink-test-bus",
        )],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("the system keyring is not available"),
        "{stderr}"
    );
    assert!(stderr.contains("unlock it"), "{stderr}");
    assert!(!home.path().join("settings.json").exists());
}
