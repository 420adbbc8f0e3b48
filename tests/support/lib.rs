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

    /// A Belgian indirect provider and a French reseller of it; returns their IDs.
    pub fn provider_and_reseller(&self, provider: &str, reseller: &str) -> (String, String) {
        let id = |v: serde_json::Value| v["id"].as_str().unwrap().to_string();
        let p = id(self.ok(&[
            "partner",
            "add",
            "--name",
            provider,
            "--tier",
            "indirect-provider",
            "--country",
            "BE",
            "--currency",
            "EUR",
            "--enrolled-on",
            "2015-09-01",
        ]));
        let r = id(self.ok(&[
            "partner",
            "add",
            "--name",
            reseller,
            "--tier",
            "indirect-reseller",
            "--country",
            "FR",
            "--enrolled-on",
            "2019-11-02",
            "--provider",
            &p,
        ]));
        (p, r)
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
            "--vat-id",
            "FR44732829320",
            "--address",
            "1 rue de Rivoli, 75001 Paris",
        ]);
        let id = p["id"].as_str().unwrap().to_string();
        // The mentions a French invoice must show, so that its invoices issue.
        self.ok(&[
            "partner",
            "update",
            &id,
            "--legal-form",
            "SAS",
            "--share-capital",
            "10 000 €",
            "--siren",
            "732829320",
            "--rcs",
            "RCS Paris 732 829 320",
            "--iban",
            "FR76 3000 6000 0112 3456 7890 189",
        ]);
        id
    }

    /// Gives every customer without a billing address one (a French invoice must show it; customers
    /// adopted from a usage file come without one).
    pub fn address_every_customer(&self) {
        let db = self.db.clone();
        // Its own thread and runtime: callers may be inside an async test already.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.expect("open book");
                sqlx::query("UPDATE customers SET address = '1 place Bellecour, 69002 Lyon' WHERE address IS NULL")
                    .execute(&pool)
                    .await
                    .expect("addresses");
                sqlx::query("UPDATE customers SET siren = '732829320' WHERE siren IS NULL AND country = 'FR'")
                    .execute(&pool)
                    .await
                    .expect("sirens");
                // Everything into the book file now: a test that copies the book next must not race the
                // checkpoint SQLite makes when this connection closes.
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&pool).await.expect("checkpoint");
                pool.close().await;
            });
        })
        .join()
        .expect("addresses written");
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
    /// One window at a time: the tests of a binary run on parallel threads, and two debug windows
    /// under one Xvfb on a small machine only slow each other down past the test's patience.
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

/// The one window turn of this test binary.
fn window_turn() -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static TURN: std::sync::OnceLock<std::sync::Arc<tokio::sync::Mutex<()>>> = std::sync::OnceLock::new();
    TURN.get_or_init(Default::default).clone()
}

/// A TCP port nobody listens on right now (tauri-driver and WebKitWebDriver each need one; fixed
/// ports would collide with a driver left over from an interrupted run).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// How long a step of the window may take before a test gives up (a debug build under Xvfb on a
/// busy machine can be slow to start).
const PATIENCE: Duration = Duration::from_secs(30);

impl App {
    /// Starts tauri-driver and the app binary on a fresh database.
    pub async fn start() -> App {
        let book = Book::new();
        Self::start_with(book).await
    }

    /// Starts the app on an existing book (e.g. one prepared through `cspctl`).
    pub async fn start_with(book: Book) -> App {
        let turn = window_turn().lock_owned().await;
        let app = binary("csp-desk", "CSPDESK_APP").canonicalize().expect("app path");
        let driver_bin = std::env::var_os("TAURI_DRIVER").map(PathBuf::from).unwrap_or_else(|| {
            let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
            let cargo_bin = home.join(".cargo/bin/tauri-driver");
            if cargo_bin.exists() {
                cargo_bin
            } else {
                PathBuf::from("tauri-driver")
            }
        });
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(&driver_bin)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("CSPDESK_DB", &book.db)
            // Logs, window state and any other file of the app under test stay in the test's
            // folder, not the user's.
            .env("XDG_DATA_HOME", book.dir.path())
            .env("XDG_CONFIG_HOME", book.dir.path())
            .env("XDG_CACHE_HOME", book.dir.path())
            // The tests read the English texts: the window follows the system language.
            .env("LANG", "en_US.UTF-8")
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {} ({e}): `cargo install tauri-driver --locked`", driver_bin.display()));
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        caps.insert("browserName".into(), Value::String("wry".into()));
        let deadline = Instant::now() + PATIENCE;
        let client = loop {
            match fantoccini::ClientBuilder::rustls()
                .expect("rustls")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
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
        App { driver, client, book, _turn: turn }
    }

    fn css(css: &str) -> fantoccini::Locator<'_> {
        fantoccini::Locator::Css(css)
    }

    /// What the window shows, for failure messages; a screenshot goes to `tests/artifacts/`.
    async fn body_text(&self) -> String {
        let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("artifacts")
            .join(format!("failure-{}.png", std::thread::current().name().unwrap_or("test").replace("::", "-")));
        self.screenshot(&shot).await;
        match self.client.find(Self::css("body")).await {
            Ok(b) => b.prop("innerText").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until `css` exists and its text contains `text`.
    pub async fn wait_text(&self, css: &str, text: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(el) = self.client.find(Self::css(css)).await {
                // `innerText`: the text as laid out. WebKitWebDriver's own element text leaves out
                // text in boxes that clip their overflow (ellipsis cells), which a user does see.
                if el.prop("innerText").await.ok().flatten().is_some_and(|t| t.contains(text)) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {css:?} to show {text:?}; the window shows:\n{}", self.body_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for an element and returns it.
    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.wait_text(css, "").await
    }

    /// Waits until no element matches `css` (a screen or a message went away).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.client.find(Self::css(css)).await.is_ok() {
            if Instant::now() > deadline {
                panic!("timed out waiting for {css:?} to go away; the window shows:\n{}", self.body_text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `css` has attribute `name` equal to `value`.
    pub async fn wait_attr(&self, css: &str, name: &str, value: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(el) = self.client.find(Self::css(css)).await {
                if el.attr(name).await.ok().flatten().as_deref() == Some(value) {
                    return el;
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {css:?} to have {name}={value:?}; the window shows:\n{}",
                    self.body_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element matching `css` once it exists.
    pub async fn click(&self, css: &str) {
        self.wait(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Types `text` into the field matching `css` (after clearing it). An empty text empties the field
    /// as a person does, by typing: a cleared field fires no input event, so the form would not know.
    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
        // One character, then backspace (U+E003 in WebDriver's key table).
        let keys = if text.is_empty() { "x\u{E003}" } else { text };
        el.send_keys(keys).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Picks the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.wait(css).await;
        el.select_by_value(value).await.unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
    }

    /// The text of the element matching `css`, as laid out (see [`App::wait_text`]).
    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.prop("innerText").await.ok().flatten().unwrap_or_default().trim().to_string()
    }

    /// The current value of a form field.
    pub async fn value(&self, css: &str) -> String {
        self.wait(css).await.prop("value").await.ok().flatten().unwrap_or_default()
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

    /// Ends the session (which closes the window), then stops tauri-driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.stop_driver();
    }

    /// SIGTERM lets tauri-driver stop the WebKitWebDriver it started; SIGKILL only if it hangs.
    fn stop_driver(&mut self) {
        if let Ok(Some(_)) = self.driver.try_wait() {
            return;
        }
        let _ = Command::new("kill").args(["-TERM", &self.driver.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop_driver();
    }
}
