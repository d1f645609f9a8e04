import { memo, type MouseEvent } from 'react';
import { useApp } from '../store/store-context';

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
 * A message's text with its links clickable. The app never navigates and never opens windows (the
 * main process blocks both): a click, and only a click (or Enter, which browsers turn into one),
 * goes through the openExternal verb, which lets http(s) alone reach the system browser.
 */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const openLinkInBrowser = useApp((s) => s.openLinkInBrowser);
  const onClick = (event: MouseEvent<HTMLAnchorElement>, href: string): void => {
    event.preventDefault();
    openLinkInBrowser(href);
  };
  return (
    <p className="message-text" data-testid="message-text">
      {splitLinks(text).map((part, index) => {
        const href = part.href;
        return href ? (
          <a
            key={index}
            href={href}
            rel="noopener noreferrer"
            data-testid="message-link"
            onClick={(event) => onClick(event, href)}
            // A middle click would open a window of its own: it goes the same way as a click.
            onAuxClick={(event) => {
              if (event.button === 1) onClick(event, href);
            }}
          >
            {part.text}
          </a>
        ) : (
          part.text
        );
      })}
    </p>
  );
});
