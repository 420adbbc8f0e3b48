//! The book file: verify, back up, restore. A restore replaces the file under the open book, so
//! the app starts again on it (every view then reads the restored data).

use std::path::PathBuf;
use std::time::Duration;

use csp_core::service::book::{self, BackupResult, RestoreResult, VerifyResult};
use csp_core::{CoreError, Ctx};
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn book_verify(ctx: State<'_, Ctx>) -> Result<VerifyResult, CoreError> {
    book::verify(&ctx).await
}

#[tauri::command]
pub async fn book_backup(ctx: State<'_, Ctx>, out: PathBuf) -> Result<BackupResult, CoreError> {
    book::backup(&ctx, &out).await
}

#[tauri::command]
pub async fn book_restore<R: Runtime>(
    app: AppHandle<R>,
    ctx: State<'_, Ctx>,
    file: PathBuf,
) -> Result<RestoreResult, CoreError> {
    let restored = book::restore(Some(&ctx), ctx.db_path(), &file).await?;
    // The pool is closed: start again on the restored book once the window has shown the result.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        app.restart();
    });
    Ok(restored)
}
