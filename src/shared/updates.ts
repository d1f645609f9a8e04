/** The app's auto-update as every process sees it. */
export type UpdateState =
  /** no update feed configured (or not a packaged build): nothing is checked */
  | { kind: 'off' }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string }
  /** downloaded and verified: "Restart to update" */
  | { kind: 'ready'; version: string }
  | { kind: 'error'; message: string };

/** restarting: the app quits and installs; declined: the user kept it running (unsent messages). */
export type RestartOutcome = 'restarting' | 'declined' | 'not-ready';
