import { memo } from 'react';

export interface TextPart {
  text: string;
  /** set when the part is a web link */
  href?: string;
}

// http(s) only: other schemes (javascript:, file:, custom) are never made clickable. A trailing
// punctuation mark belongs to the sentence, not the link.
const LINK = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi;

/** The text cut into plain parts and http(s) links, in order. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const at = match.index;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: match[0], href: match[0] });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * A message's text with its links clickable. A click opens a new window, which the main process
 * turns into the system browser for http(s) only (window-factory's window-open handler); the app
 * itself never navigates.
 */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  return (
    <p className="message-text" data-testid="message-text">
      {splitLinks(text).map((part, index) =>
        part.href ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
});
