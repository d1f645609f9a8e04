import type { ReactNode } from 'react';

export type MarkKind = 'sending' | 'sent' | 'failed';

/**
 * One shape per delivery state, next to its words, so colour is never the only signal.
 * Decorative: the words carry the meaning.
 */
const SHAPES: Record<MarkKind, ReactNode> = {
  // clock: waiting to go out
  sending: (
    <path
      d="M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3.5l2.5 1.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
  // check: the server has it
  sent: <path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" strokeWidth="2" />,
  // triangle with a bar: needs the person
  failed: (
    <path
      d="M8 2l6.5 12h-13zM8 6.5v3.5M8 11.5v1"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    />
  ),
};

export function MessageStateIcon({ kind }: { kind: MarkKind }) {
  return (
    <svg
      className="state-icon"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      data-icon={kind}
    >
      {SHAPES[kind]}
    </svg>
  );
}
