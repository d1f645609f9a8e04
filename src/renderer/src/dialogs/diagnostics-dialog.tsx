import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticsReport } from '../../../shared/bridge-api';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { Modal } from '../a11y/modal';
import { useAnnounce } from '../a11y/announcer';
import { storageIssueFacts } from '../storage/storage-issue-text';
import { statusLabel } from '../status/status-label';
import { describeStatus } from '../status/status-view';
import { useSecondsLeft } from '../status/use-seconds-left';
import { useApp } from '../store/store-context';
import { entryDetails, formatClock, formatDiagnostics } from './diagnostics-format';
import { errorMessage } from '../../../shared/error-message';
import { securityRows } from './diagnostics-security';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; report: DiagnosticsReport }
  | { state: 'failed'; message: string };

function Facts({
  snapshot,
  report,
}: {
  snapshot: ConnectionSnapshot;
  report: DiagnosticsReport | null;
}) {
  const { t } = useTranslation();
  const none = t('diagnostics.none');
  const view = describeStatus(snapshot);
  const seconds = useSecondsLeft(view.nextRetryAt);
  const rows: Array<[string, string, string]> = [
    ['diag-status', t('diagnostics.status'), statusLabel(t, view, seconds)],
    ['diag-address', t('diagnostics.address'), snapshot.address ?? none],
    [
      'diag-protocol-version',
      t('diagnostics.protocolVersion'),
      snapshot.protocolVersion?.toString() ?? none,
    ],
    ['diag-node-id', t('diagnostics.nodeId'), snapshot.nodeId ?? none],
    [
      'diag-rtt',
      t('diagnostics.lastRtt'),
      snapshot.lastRttMs === null ? none : t('diagnostics.rtt', { ms: snapshot.lastRttMs }),
    ],
    [
      'diag-attempts',
      t('diagnostics.attempts'),
      snapshot.maxAttempts === null
        ? String(snapshot.attempt)
        : t('diagnostics.attemptsOf', { attempt: snapshot.attempt, max: snapshot.maxAttempts }),
    ],
    [
      'diag-network',
      t('diagnostics.network'),
      snapshot.networkOnline ? t('diagnostics.online') : t('diagnostics.offline'),
    ],
  ];
  if (report) {
    rows.push(['diag-app-version', t('diagnostics.appVersion'), report.appVersion]);
    rows.push(['diag-platform', t('diagnostics.platform'), report.platform]);
    rows.push(...securityRows(report, t));
  }
  return (
    <dl className="facts">
      {rows.map(([id, label, value]) => (
        <div key={id}>
          <dt>{label}</dt>
          <dd data-testid={id}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Diagnostics modal: the live snapshot's facts, the recent event log, Copy and Export. */
export function DiagnosticsDialog() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const snapshot = useApp((s) => s.snapshot);
  const close = useApp((s) => s.closeOverlay);
  const getDiagnostics = useApp((s) => s.getDiagnostics);
  const exportDiagnostics = useApp((s) => s.exportDiagnostics);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [outcome, setOutcome] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getDiagnostics().then(
      (report) => live && setLoad({ state: 'ready', report }),
      (error: unknown) => live && setLoad({ state: 'failed', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [getDiagnostics]);

  const report = load.state === 'ready' ? load.report : null;

  function showOutcome(message: string): void {
    setOutcome(message);
    announce(message);
  }

  async function copy(): Promise<void> {
    if (!report) return;
    try {
      // The live snapshot is newer than the one fetched with the log.
      await navigator.clipboard.writeText(
        formatDiagnostics({ ...report, snapshot: snapshot ?? report.snapshot }),
      );
      showOutcome(t('diagnostics.copied'));
    } catch (error) {
      showOutcome(t('diagnostics.copyFailed', { message: errorMessage(error) }));
    }
  }

  async function exportToFile(): Promise<void> {
    try {
      const path = await exportDiagnostics();
      // A cancelled save says nothing, and an older outcome ("Copied") must not look like its answer.
      if (path === null) setOutcome(null);
      else showOutcome(t('diagnostics.exported', { path }));
    } catch (error) {
      showOutcome(t('diagnostics.exportFailed', { message: errorMessage(error) }));
    }
  }

  const shown = snapshot ?? report?.snapshot ?? null;

  return (
    <Modal
      labelledBy="diagnostics-title"
      onEscape={close}
      testId="diagnostics-dialog"
      className="wide"
    >
      <h2 id="diagnostics-title">{t('diagnostics.title')}</h2>
      {shown && <Facts snapshot={shown} report={report} />}
      <h3>{t('diagnostics.events')}</h3>
      {load.state === 'loading' && <p>{t('diagnostics.loading')}</p>}
      {load.state === 'failed' && (
        <p className="form-error" data-testid="diagnostics-error">
          {t('diagnostics.loadFailed', { message: load.message })}
        </p>
      )}
      {report && report.entries.length === 0 && (
        <p className="muted">{t('diagnostics.noEvents')}</p>
      )}
      {report && report.entries.length > 0 && (
        <ol
          className="event-log"
          data-testid="diagnostics-log"
          tabIndex={0}
          aria-label={t('diagnostics.events')}
        >
          {/* Newest first: the event someone opens this dialog for is the latest one. */}
          {report.entries.toReversed().map((entry, index) => (
            <li key={`${entry.at}-${index}`} data-testid="diagnostics-entry">
              <time dateTime={new Date(entry.at).toISOString()}>{formatClock(entry.at)}</time>{' '}
              <strong>{entry.event}</strong> {entry.status}/{entry.reason} {entryDetails(entry)}
            </li>
          ))}
        </ol>
      )}
      {report?.storageIssues && report.storageIssues.length > 0 && (
        <>
          <h3 id="diagnostics-storage-title">{t('diagnostics.storageIssues')}</h3>
          <ul
            className="event-log"
            data-testid="diagnostics-storage-issues"
            aria-labelledby="diagnostics-storage-title"
          >
            {report.storageIssues.map((issue, index) => (
              <li
                key={`${issue.at}-${index}`}
                data-testid="diagnostics-storage-issue"
                data-kind={issue.kind}
              >
                <time dateTime={new Date(issue.at).toISOString()}>{formatClock(issue.at)}</time>{' '}
                <strong>{issue.kind}</strong> {issue.file} {storageIssueFacts(t, issue)}
              </li>
            ))}
          </ul>
        </>
      )}
      {outcome && (
        <p className="muted" data-testid="diagnostics-outcome">
          {outcome}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          data-testid="diagnostics-copy"
          disabled={!report}
          onClick={() => void copy()}
        >
          {t('diagnostics.copy')}
        </button>
        <button type="button" data-testid="diagnostics-export" onClick={() => void exportToFile()}>
          {t('diagnostics.export')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="diagnostics-close"
          data-autofocus
          onClick={close}
        >
          {t('diagnostics.close')}
        </button>
      </div>
    </Modal>
  );
}
