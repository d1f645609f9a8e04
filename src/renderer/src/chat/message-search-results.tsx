import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../shared/error-message';
import { MAX_SEARCH_QUERY_LENGTH, type SearchHit } from '../../../shared/search';
import { useApp } from '../store/store-context';
import { formatListTime } from './format-time';

/** Typing pauses this long before a search runs, so each keystroke does not cost a query. */
export const SEARCH_DEBOUNCE_MS = 150;
/** Results shown for one query (the newest). */
const RESULT_LIMIT = 50;

type Results =
  | { status: 'searching' }
  | { status: 'done'; hits: SearchHit[] }
  | { status: 'error'; message: string };

const RESULT_SELECTOR = '[data-testid="search-result"]';

/** From the search box, ArrowDown moves into the message results (if there are any). */
export function focusFirstSearchResult(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown') return;
  const nav = event.currentTarget.closest('nav');
  const first = nav?.querySelector<HTMLElement>(RESULT_SELECTOR);
  if (!first) return;
  event.preventDefault();
  first.focus();
}

/** ArrowUp/ArrowDown move between results; Escape goes back to the search box. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>): void {
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>(RESULT_SELECTOR)];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
  if (step !== 0) {
    event.preventDefault();
    items[Math.max(0, Math.min(items.length - 1, at + step))]!.focus();
  } else if (event.key === 'Escape') {
    event.currentTarget.closest('nav')?.querySelector<HTMLElement>('input[type="search"]')?.focus();
  }
}

function Snippet({ hit }: { hit: SearchHit }) {
  const [start, end] = hit.match;
  if (end <= start) return <>{hit.snippet}</>;
  return (
    <>
      {hit.snippet.slice(0, start)}
      <mark>{hit.snippet.slice(start, end)}</mark>
      {hit.snippet.slice(end)}
    </>
  );
}

/** Stored messages containing `query`, newest first; choosing one opens its chat at it. */
export function MessageSearchResults({ query }: { query: string }) {
  const { t, i18n } = useTranslation();
  const searchMessages = useApp((s) => s.searchMessages);
  const openSearchResult = useApp((s) => s.openSearchResult);
  const wanted = query.trim();
  // Answers carry their query: one for an earlier query means this one is still running.
  const [answer, setAnswer] = useState<{ query: string; results: Results } | null>(null);
  const tooLong = wanted.length > MAX_SEARCH_QUERY_LENGTH;
  const results: Results = tooLong
    ? { status: 'error', message: t('search.tooLong', { max: MAX_SEARCH_QUERY_LENGTH }) }
    : answer?.query === wanted
      ? answer.results
      : { status: 'searching' };

  useEffect(() => {
    // The main process would refuse it; say so without asking.
    if (tooLong) return;
    let current = true;
    const timer = setTimeout(() => {
      searchMessages(wanted, { limit: RESULT_LIMIT }).then(
        (hits) => current && setAnswer({ query: wanted, results: { status: 'done', hits } }),
        (error: unknown) =>
          current &&
          setAnswer({ query: wanted, results: { status: 'error', message: errorMessage(error) } }),
      );
    }, SEARCH_DEBOUNCE_MS);
    // An answer for an older query must not replace the newer one.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wanted, tooLong, searchMessages]);

  return (
    <section
      className="search-results"
      data-testid="search-results"
      aria-label={t('search.results', { query: wanted })}
      aria-busy={results.status === 'searching'}
    >
      <h3 className="list-heading">{t('search.messages')}</h3>
      {results.status === 'searching' && (
        <p className="muted" data-testid="search-searching">
          {t('search.searching')}
        </p>
      )}
      {results.status === 'error' && (
        <p className="form-error" role="alert" data-testid="search-error">
          {t('search.failed', { message: results.message })}
        </p>
      )}
      {results.status === 'done' && results.hits.length === 0 && (
        <p className="muted" data-testid="search-empty" role="status">
          {t('search.noResults')}
        </p>
      )}
      {results.status === 'done' && results.hits.length > 0 && (
        <ul className="search-result-list" onKeyDown={moveFocus}>
          {results.hits.map((hit) => (
            <li
              key={`${hit.message.channelType}:${hit.message.channelId}:${hit.message.clientMsgNo}`}
            >
              <button
                type="button"
                className="search-result"
                data-testid="search-result"
                data-channel-id={hit.message.channelId}
                data-client-msg-no={hit.message.clientMsgNo}
                onClick={() => openSearchResult(hit)}
              >
                <span className="channel-line">
                  <span className="channel-name">{hit.message.channelId}</span>
                  <time
                    className="channel-time"
                    dateTime={new Date(hit.message.timestamp).toISOString()}
                  >
                    {formatListTime(hit.message.timestamp, i18n.language)}
                  </time>
                </span>
                <span className="search-snippet" data-testid="search-snippet">
                  <Snippet hit={hit} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
