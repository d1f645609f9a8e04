import type { DiagnosticsReport } from '../../../shared/bridge-api';
import type { DiagnosticsEntry } from '../../../shared/connection';

/** Local time with seconds, "14:32:05"; events are seconds apart. */
export function formatClock(at: number): string {
  const d = new Date(at);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The extra facts of one entry, "attempt=2 delayMs=1800", for the log list and the copy. */
export function entryDetails(entry: DiagnosticsEntry): string {
  const parts: string[] = [];
  if (entry.serverReasonCode !== undefined && entry.serverReasonCode !== null)
    parts.push(`code=${entry.serverReasonCode}`);
  if (entry.attempt !== undefined) parts.push(`attempt=${entry.attempt}`);
  if (entry.delayMs !== undefined) parts.push(`delayMs=${entry.delayMs}`);
  if (entry.address) parts.push(`address=${entry.address}`);
  if (entry.rttMs !== undefined) parts.push(`rttMs=${entry.rttMs}`);
  if (entry.detail) parts.push(entry.detail);
  return parts.join(' ');
}

/**
 * Plain text for "Copy": the fields a support person asks for. Built from named fields only, so
 * nothing that is not in the report's types (a token, say) can slip in.
 */
export function formatDiagnostics(report: DiagnosticsReport): string {
  const s = report.snapshot;
  const lines = [
    `WuKong Desktop ${report.appVersion} (${report.platform})`,
    `status: ${s.status} (${s.reason})`,
    `address: ${s.address ?? '-'}`,
    `protocolVersion: ${s.protocolVersion ?? '-'}`,
    `nodeId: ${s.nodeId ?? '-'}`,
    `lastRttMs: ${s.lastRttMs ?? '-'}`,
    `attempt: ${s.attempt}${s.maxAttempts === null ? '' : ` of ${s.maxAttempts}`}`,
    `networkOnline: ${s.networkOnline}`,
    `serverReason: ${s.serverReasonCode ?? '-'} ${s.serverReasonText ?? ''}`.trimEnd(),
    '',
    'events:',
    ...report.entries.map((e) =>
      `${new Date(e.at).toISOString()} ${e.event} ${e.status}/${e.reason} ${entryDetails(e)}`.trimEnd(),
    ),
  ];
  const issues = report.storageIssues ?? [];
  if (issues.length > 0) {
    lines.push('', 'storage issues:');
    for (const i of issues) {
      const facts = [
        i.movedTo ? `movedTo=${i.movedTo}` : '',
        i.badLines !== undefined ? `badLines=${i.badLines}` : '',
        i.keptRecords !== undefined ? `keptRecords=${i.keptRecords}` : '',
        i.detail ?? '',
      ];
      lines.push(
        [new Date(i.at).toISOString(), i.kind, i.file, ...facts].filter(Boolean).join(' '),
      );
    }
  }
  return lines.join('\n');
}
