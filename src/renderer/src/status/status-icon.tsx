import type { StatusKind } from './status-view';
import type { ReactNode } from 'react';

/**
 * One shape per state so colour is never the only signal (UX.md, Accessibility). Decorative: the
 * words next to it carry the meaning.
 */
const SHAPES: Record<StatusKind | 'pending', ReactNode> = {
  // filled dot
  connected: <circle cx="8" cy="8" r="6" fill="currentColor" />,
  // open arc: something in progress
  connecting: <path d="M8 2a6 6 0 1 1-6 6" fill="none" stroke="currentColor" strokeWidth="2" />,
  pending: <path d="M8 2a6 6 0 1 1-6 6" fill="none" stroke="currentColor" strokeWidth="2" />,
  // clock: waiting for a scheduled attempt
  reconnecting: (
    <path
      d="M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3.5l2.5 1.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
  // triangle with a bar: the server is the problem
  unreachable: (
    <path
      d="M8 2l6.5 12h-13zM8 6.5v3.5M8 11.5v1"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
  // crossed-out signal arcs: the network is the problem
  offline: (
    <path
      d="M2 6.5a9 9 0 0 1 12 0M4.5 9a5.5 5.5 0 0 1 7 0M8 12.5h.01M2 2l12 12"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
  // hollow ring: nothing happening, by choice
  disconnected: <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />,
  // ring with a cross: gave up
  failed: (
    <path
      d="M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5.5 5.5l5 5M10.5 5.5l-5 5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
  // person with an arrow out: signed out elsewhere
  kicked: (
    <path
      d="M6 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM1.5 14c0-3 2-4.5 4.5-4.5s4.5 1.5 4.5 4.5M11 8h4M13 6l2 2-2 2"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
    />
  ),
  // key: credentials problem
  tokenRejected: (
    <path
      d="M5.5 10.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8.5 7.5H15M13 7.5v2.5M11 7.5v2"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    />
  ),
  // no-entry sign
  banned: (
    <path
      d="M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM3.8 12.2l8.4-8.4"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
    />
  ),
};

export function StatusIcon({ kind }: { kind: StatusKind | 'pending' }) {
  return (
    <svg
      className="status-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      data-icon={kind}
    >
      {SHAPES[kind]}
    </svg>
  );
}
