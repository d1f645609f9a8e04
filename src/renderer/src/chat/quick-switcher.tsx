import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelSummary } from '../../../shared/messages';
import { Modal } from '../a11y/modal';
import { useApp } from '../store/store-context';
import { Avatar } from './avatar';
import { matchesFilter } from './channel-list';
import { channelKey } from './chat-model';

/** Results shown at most; typing narrows them. */
const MAX_RESULTS = 8;

function Switcher({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const channels = useApp((s) => s.channels);
  const openConversation = useApp((s) => s.openConversation);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const results = useMemo(
    () => channels.filter((c) => matchesFilter(c, query)).slice(0, MAX_RESULTS),
    [channels, query],
  );
  const current = Math.min(active, Math.max(0, results.length - 1));

  function choose(summary: ChannelSummary | undefined): void {
    if (!summary) return;
    onClose();
    openConversation(summary);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + results.length) % Math.max(1, results.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(results[current]);
    }
  }

  const optionId = (summary: ChannelSummary): string => `${listId}-${channelKey(summary)}`;

  return (
    <Modal labelledBy="switcher-title" onEscape={onClose} testId="quick-switcher">
      <h2 id="switcher-title">{t('chat.switcherTitle')}</h2>
      <input
        className="switcher-input"
        data-testid="quick-switcher-input"
        data-autofocus
        role="combobox"
        aria-label={t('chat.switcherLabel')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={results[current] ? optionId(results[current]) : undefined}
        aria-describedby="switcher-hint"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="field-hint" id="switcher-hint">
        {t('chat.switcherHint')}
      </p>
      <ul
        className="switcher-results"
        id={listId}
        role="listbox"
        aria-label={t('chat.conversations')}
      >
        {results.map((summary, index) => (
          // Chosen with the keyboard from the input (aria-activedescendant) or with a click.
          <li
            key={channelKey(summary)}
            id={optionId(summary)}
            role="option"
            aria-selected={index === current}
            className="switcher-option"
            data-channel-id={summary.channelId}
            onClick={() => choose(summary)}
          >
            <Avatar id={summary.channelId} size="sm" />
            <span>{summary.channelId}</span>
          </li>
        ))}
      </ul>
      {results.length === 0 && <p className="muted">{t('chat.noMatch')}</p>}
    </Modal>
  );
}

/** Ctrl+K (Cmd+K on macOS) anywhere in the main window opens a jump-to-conversation box. */
export function QuickSwitcher() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <Switcher onClose={() => setOpen(false)} /> : null;
}
