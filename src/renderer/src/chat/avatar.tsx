import { memo } from 'react';

/**
 * Hues for avatars; every one carries white text at 4.5:1 or better (checked by axe in the e2e
 * suite in both themes).
 */
const COLOURS = [
  '#1565c0',
  '#2e7d32',
  '#ad1457',
  '#6a1b9a',
  '#c62828',
  '#00695c',
  '#4527a0',
  '#8d4b00',
] as const;

/** Up to two letters: the first of each word ("carol-smith" -> "CS"), or the first character. */
export function initialsOf(id: string): string {
  const words = id.split(/[\s._-]+/).filter((w) => w !== '');
  const letters = words.length > 1 ? [words[0]!, words[1]!].map((w) => [...w][0]) : [[...id][0]];
  return letters.join('').toUpperCase();
}

/** The same id always gets the same colour, on every start and in every window. */
export function avatarColour(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (Math.imul(hash, 31) + ch.codePointAt(0)!) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

/** Decorative: the name is always written next to it. */
export const Avatar = memo(function Avatar({
  id,
  size = 'md',
}: {
  id: string;
  size?: 'sm' | 'md';
}) {
  return (
    <span
      className={`avatar avatar-${size}`}
      data-testid="avatar"
      aria-hidden="true"
      style={{ background: avatarColour(id) }}
    >
      {initialsOf(id)}
    </span>
  );
});
