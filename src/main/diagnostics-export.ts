import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';

/**
 * Asks where to save the diagnostics JSON (a save dialog attached to the window); returns the path
 * written, or null when the user cancelled. The JSON is already free of tokens.
 */
export async function saveDiagnosticsWithDialog(
  window: BrowserWindow | null,
  json: string,
  suggestedName: string,
  title: string,
): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title,
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: [{ name: 'JSON', extensions: ['json'] }],
  };
  const result = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  await writeFile(result.filePath, json, { mode: 0o600 });
  return result.filePath;
}

/** Test builds write into a known folder instead, so no dialog blocks the run. */
export async function saveDiagnosticsToDir(
  dir: string,
  json: string,
  suggestedName: string,
): Promise<string> {
  const path = join(dir, suggestedName);
  await writeFile(path, json, { mode: 0o600 });
  return path;
}
