import type { TFunction } from 'i18next';
import type { DiagnosticsReport } from '../../../shared/bridge-api';

const TLS_LABELS = {
  off: 'diagnostics.tlsOff',
  system: 'diagnostics.tlsSystem',
  pinned: 'diagnostics.tlsPinned',
} as const;

/** The lock state rows of Diagnostics: TLS mode and whether it is verified now, the sandbox. */
export function securityRows(
  report: DiagnosticsReport,
  t: TFunction,
): Array<[string, string, string]> {
  const security = report.security;
  if (!security) return [];
  const mode = t(TLS_LABELS[security.tls]);
  const tls =
    security.tls === 'off'
      ? mode
      : t(security.encrypted ? 'diagnostics.tlsVerified' : 'diagnostics.tlsNotConnected', { mode });
  const rows: Array<[string, string, string]> = [['diag-tls', t('diagnostics.tls'), tls]];
  if (security.sandboxed !== null) {
    rows.push([
      'diag-sandbox',
      t('diagnostics.sandbox'),
      t(security.sandboxed ? 'diagnostics.sandboxOn' : 'diagnostics.sandboxOff'),
    ]);
  }
  return rows;
}
