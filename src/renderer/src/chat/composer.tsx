import { forwardRef, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRef } from '../../../shared/messages';
import { useApp } from '../store/store-context';
import { channelKey } from './chat-model';
import { OFFLINE_NOTE_KEYS, type OfflineNote } from './offline-note';

/**
 * The message box: Enter sends, Shift+Enter starts a new line, an IME composition (Chinese input)
 * is never cut short by its confirming Enter. The box empties at once so typing can go on; a
 * refused send puts the text back when nothing new was typed.
 */
export const Composer = forwardRef<
  HTMLTextAreaElement,
  { channel: ChannelRef; name: string; offlineNote: OfflineNote | null }
>(function Composer({ channel, name, offlineNote }, ref) {
  const { t } = useTranslation();
  const sendMessage = useApp((s) => s.sendMessage);
  const saveDraft = useApp((s) => s.setDraft);
  const stored = useApp((s) => s.drafts[channelKey(channel)] ?? '');
  // The chat's draft from its last visit; every change is kept for the next one.
  const [draft, setDraftState] = useState(stored);
  // What the box holds right now, for the answer of a send that finishes later.
  const current = useRef(stored);
  const setDraft = (next: string): void => {
    current.current = next;
    setDraftState(next);
    saveDraft(channel, next);
  };

  const blank = draft.trim() === '';

  async function send(): Promise<void> {
    if (blank) return;
    const text = draft.trim();
    setDraft('');
    const ok = await sendMessage(text);
    if (!ok && current.current === '') setDraft(text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // keyCode 229: the Enter that confirms an IME candidate in some browsers.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void send();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    void send();
  }

  return (
    <form className="composer" onSubmit={onSubmit} data-testid="composer">
      <label className="visually-hidden" htmlFor="composer-input">
        {t('chat.composerLabel', { name })}
      </label>
      <div className="composer-row">
        <textarea
          ref={ref}
          id="composer-input"
          data-testid="composer-input"
          rows={2}
          maxLength={20_000}
          placeholder={t('chat.composerPlaceholder')}
          aria-describedby="composer-hint"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" data-testid="composer-send" disabled={blank}>
          {t('chat.send')}
        </button>
      </div>
      {/* One line for the hint or the offline note, so the message list never changes height. */}
      {offlineNote ? (
        <p
          className="field-hint composer-note"
          id="composer-hint"
          data-testid="composer-offline-note"
        >
          {t(OFFLINE_NOTE_KEYS[offlineNote])}
        </p>
      ) : (
        <p className="field-hint composer-note" id="composer-hint">
          {t('chat.composerHint')}
        </p>
      )}
    </form>
  );
});
