import type { TFunction } from 'i18next';
import type { StatusView } from './status-view';

/** The words for a connection state, in the UI language; the countdown fills in the seconds. */
export function statusLabel(t: TFunction, view: StatusView, seconds: number | null): string {
  if (view.kind === 'reconnecting' || view.kind === 'unreachable') {
    return t(`status.${view.kind}`, { seconds: seconds ?? 0 });
  }
  return t(`status.${view.kind}`);
}
