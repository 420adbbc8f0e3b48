//! Shared helpers for the acceptance tests (`cspctl` as a user runs it) and the end-to-end tests
//! (the real app window driven through tauri-driver and WebKitWebDriver).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The workspace's `target/debug` folder (or `$CARGO_TARGET_DIR/debug`).
pub fn target_debug() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("debug"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug"),
    }
}

fn binary(name: &str, env: &str) -> PathBuf {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| target_debug().join(name));
    assert!(path.exists(), "{} not found: build it first (`make test` does) or set {env}", path.display());
    path
}

/// What one `cspctl` run printed.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// stdout parsed as the one JSON value `--json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{}\nstderr: {}", self.stdout, self.stderr))
    }

    /// The `error.code` of a refused request (and checks the exit code is 1).
    pub fn error_code(&self) -> String {
        assert_eq!(self.code, 1, "a refused request exits 1: {self:?}");
        self.json()["error"]["code"].as_str().unwrap_or_default().to_string()
    }
}

/// A private book: a database file in a temporary folder, driven through `cspctl`.
pub struct Book {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Default for Book {
    fn default() -> Self {
        Self::new()
    }
}

impl Book {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("book.sqlite3");
        Self { dir, db }
    }

    /// Runs `cspctl --db <book> --json ARGS…`.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let out = Command::new(binary("cspctl", "CSPCTL_BIN"))
            .arg("--db")
            .arg(&self.db)
            .arg("--json")
            .args(args)
            .env_remove("CSPDESK_DB")
            .output()
            .expect("run cspctl");
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs a command that must succeed and returns its JSON.
    pub fn ok(&self, args: &[&str]) -> Value {
        let o = self.run(args);
        assert_eq!(o.code, 0, "cspctl {args:?} failed: {o:?}");
        o.json()
    }

    /// A direct partner in France, enrolled before phase 1; returns its ID.
    pub fn direct_partner(&self, name: &str) -> String {
        let p = self.ok(&[
            "partner",
            "add",
            "--name",
            name,
            "--tier",
            "direct",
            "--country",
            "FR",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2018-05-14",
        ]);
        p["id"].as_str().unwrap().to_string()
    }

    pub fn path(&self) -> &Path {
        &self.db
    }
}

/// A running app under tauri-driver, with its own database. Dropping it stops both.
pub struct App {
    driver: Child,
    pub client: fantoccini::Client,
    pub book: Book,
}

const DRIVER_PORT: u16 = 4444;

impl App {
    /// Starts tauri-driver and the app binary on a fresh database.
    pub async fn start() -> App {
        let book = Book::new();
        Self::start_with(book).await
    }

    /// Starts the app on an existing book (e.g. one prepared through `cspctl`).
    pub async fn start_with(book: Book) -> App {
        let app = binary("csp-desk", "CSPDESK_APP").canonicalize().expect("app path");
        let driver = Command::new("tauri-driver")
            .args(["--port", &DRIVER_PORT.to_string(), "--native-port", &(DRIVER_PORT + 1).to_string()])
            .env("CSPDESK_DB", &book.db)
            // Logs of the app under test go to the test's folder, not the user's.
            .env("XDG_DATA_HOME", book.dir.path())
            .env("LANG", "en_US.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked)");
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        caps.insert("browserName".into(), Value::String("wry".into()));
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match fantoccini::ClientBuilder::rustls()
                .expect("rustls")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("cannot reach tauri-driver: {e}"),
            }
        };
        App { driver, client, book }
    }

    /// Waits until `css` exists and its text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(el) = self.client.find(fantoccini::Locator::Css(css)).await {
                if el.text().await.map(|t| t.contains(text)).unwrap_or(false) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                let body = match self.client.find(fantoccini::Locator::Css("body")).await {
                    Ok(b) => b.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("timed out waiting for {css:?} to show {text:?}; the window shows:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element and returns it.
    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.wait_text(css, "").await
    }

    /// Saves a PNG of the window (for the README and for looking at what the user sees).
    pub async fn screenshot(&self, path: &Path) {
        if let Ok(png) = self.client.screenshot().await {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(path, png);
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
