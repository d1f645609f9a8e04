import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { useAnnounce } from '../a11y/announcer';
import { useApp } from '../store/store-context';
import { StatusIcon } from './status-icon';
import { statusLabel as label } from './status-label';
import { describeStatus, secondsUntil, WAITING_KINDS, type StatusView } from './status-view';
import { useFlickerFree } from './use-flicker-free';
import { useSecondsLeft } from './use-seconds-left';

type Translate = ReturnType<typeof useTranslation>['t'];

function attemptLabel(t: Translate, view: StatusView): string | null {
  if (!WAITING_KINDS.includes(view.kind) || view.attempt < 1) return null;
  return view.maxAttempts === null
    ? t('status.attempt', { attempt: view.attempt })
    : t('status.attemptOf', { attempt: view.attempt, max: view.maxAttempts });
}

/**
 * The always-visible connection status: words, an icon shape, the countdown to the next attempt and
 * the one action that makes sense in that state. data-status / data-reason carry the raw snapshot
 * for tests; data-view says what is shown.
 */
export function StatusBar({
  snapshot,
  bannerSlot,
}: {
  snapshot: ConnectionSnapshot;
  /** Where the status goes as a banner when not connected (below the header). */
  bannerSlot?: HTMLElement | null;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const retryPending = useApp((s) => s.retryPendingSinceSeq !== null);
  const retryNow = useApp((s) => s.retryNow);
  const connect = useApp((s) => s.connect);
  const syncing = useApp((s) => s.syncing);
  const updating = useApp((s) => s.channelsRefreshing) || syncing;

  const view = useMemo(() => describeStatus(snapshot), [snapshot]);
  const shown = useFlickerFree(view);
  const waiting = shown !== null && WAITING_KINDS.includes(shown.kind);
  const seconds = useSecondsLeft(waiting ? shown.nextRetryAt : null);

  const shownKind = shown?.kind ?? null;
  const shownRetryAt = shown?.nextRetryAt ?? null;
  const shownAttempt = shown?.attempt ?? 0;
  const shownMax = shown?.maxAttempts ?? null;
  // Announce state changes once, not every tick of the countdown.
  useEffect(() => {
    if (shownKind === null) return;
    const atChange: StatusView = {
      kind: shownKind,
      nextRetryAt: shownRetryAt,
      attempt: shownAttempt,
      maxAttempts: shownMax,
    };
    const left = shownRetryAt === null ? null : secondsUntil(shownRetryAt, Date.now());
    announce(label(t, atChange, left));
  }, [announce, t, shownKind, shownRetryAt, shownAttempt, shownMax]);

  const attempt = shown ? attemptLabel(t, shown) : null;
  const canConnect = shown?.kind === 'disconnected' || shown?.kind === 'failed';

  const bar = (
    <div className="status-bar" data-testid="status-bar" data-kind={shownKind ?? 'pending'}>
      <span
        className="status-indicator"
        data-testid="status-indicator"
        data-status={snapshot.status}
        data-reason={snapshot.reason}
        data-view={shownKind ?? 'pending'}
        data-attempt={snapshot.attempt}
        data-seconds={seconds ?? undefined}
      >
        <StatusIcon kind={shownKind ?? 'pending'} />
        <span className="status-text" data-testid="status-text">
          {shown ? label(t, shown, seconds) : ''}
        </span>
        {attempt && (
          <span className="status-attempt" data-testid="status-attempt">
            {attempt}
          </span>
        )}
      </span>
      {waiting && (
        <button
          type="button"
          className="link-button"
          data-testid="retry-now"
          disabled={retryPending}
          onClick={() => void retryNow()}
        >
          {t('status.retryNow')}
        </button>
      )}
      {canConnect && (
        <button
          type="button"
          className="link-button"
          data-testid="status-connect"
          onClick={() => void connect()}
        >
          {shown?.kind === 'failed' ? t('status.tryAgain') : t('status.connect')}
        </button>
      )}
      {shownKind === 'connected' && updating && (
        <span className="status-updating" data-testid="status-updating">
          {syncing ? t('sync.updating') : t('status.updating')}
        </span>
      )}
    </div>
  );
  // Not connected: a coloured banner below the header nobody can miss, as Slack and Telegram do;
  // all well: a quiet word in the header. Same component, so the countdown and delay survive.
  if (bannerSlot && shownKind !== null && shownKind !== 'connected') {
    return createPortal(
      <div className="connection-banner" data-testid="connection-banner" data-kind={shownKind}>
        {bar}
      </div>,
      bannerSlot,
    );
  }
  return bar;
}
