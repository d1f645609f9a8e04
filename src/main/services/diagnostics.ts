import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiagnosticsReport } from '../../shared/bridge-api';
import type { Redactor } from '../../shared/redact';
import type { ServerAddress } from '../../shared/settings';
import type { ManagerLifecycle } from './manager-lifecycle';
import type { SnapshotRelay } from './snapshot-relay';
import type { StorageIssueLog } from './storage-issue-log';
import { securityState } from './transport-security';

export interface DiagnosticsDeps {
  lifecycle: ManagerLifecycle;
  relay: SnapshotRelay;
  storageIssues: StorageIssueLog;
  redactor: Redactor;
  appVersion: string;
  platform: string;
  /** false when Chromium runs without its sandbox (shown in Diagnostics); null/absent = unknown */
  sandboxed?: boolean | null | undefined;
  /** The configured server, for the lock state. */
  server: () => ServerAddress | null;
  now: () => number;
  /** Writes the diagnostics JSON where the user chooses; the path written, or null if cancelled. */
  saveDiagnostics?: ((json: string, suggestedName: string) => Promise<string | null>) | undefined;
}

/** The support report (snapshot, recent events, storage problems), tokens masked. */
export function createDiagnostics(deps: DiagnosticsDeps) {
  const getDiagnostics = (): DiagnosticsReport =>
    deps.redactor.redact({
      snapshot: deps.relay.latest,
      entries: deps.lifecycle.manager?.diagnostics() ?? [],
      appVersion: deps.appVersion,
      platform: deps.platform,
      storageIssues: deps.storageIssues.list(),
      security: securityState(deps.server(), deps.relay.latest, deps.sandboxed ?? null),
    });

  return {
    getDiagnostics,
    /** Saves the report; the path written, or null when the user cancelled. */
    async exportDiagnostics(): Promise<string | null> {
      const json = `${JSON.stringify(getDiagnostics(), null, 2)}\n`;
      const stamp = new Date(deps.now()).toISOString().replace(/[:.]/g, '-');
      const name = `wukong-diagnostics-${stamp}.json`;
      if (deps.saveDiagnostics) return deps.saveDiagnostics(json, name);
      const path = join(tmpdir(), name);
      await writeFile(path, json, { mode: 0o600 });
      return path;
    },
  };
}
