import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../i18n/message';
import { useApp } from '../store/store-context';

/** The main process accepts channel ids up to this length. */
const MAX_CHANNEL_ID_LENGTH = 256;

export function validateChannelId(value: string): Message | null {
  const id = value.trim();
  if (id === '') return { key: 'chat.idRequired' };
  if (id.length > MAX_CHANNEL_ID_LENGTH) {
    return { key: 'validation.tooLong', values: { max: MAX_CHANNEL_ID_LENGTH } };
  }
  return null;
}

/** Opens a person channel by uid (type 1) or a group by id (type 2), new or known. */
export function NewChatForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const openConversation = useApp((s) => s.openConversation);
  const [id, setId] = useState('');
  const [channelType, setChannelType] = useState(1);
  const [error, setError] = useState<Message | null>(null);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const problem = validateChannelId(id);
    setError(problem);
    if (problem) return;
    openConversation({ channelId: id.trim(), channelType });
    setId('');
    onDone?.();
  }

  return (
    <form
      className="new-chat"
      data-testid="new-chat-form"
      aria-labelledby="new-chat-title"
      noValidate
      onSubmit={onSubmit}
    >
      <h2 id="new-chat-title" className="sidebar-title">
        {t('chat.newChat')}
      </h2>
      <label htmlFor="new-chat-input">{t('chat.newChatId')}</label>
      <div className="new-chat-row">
        <input
          id="new-chat-input"
          data-testid="new-chat-input"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'new-chat-input-error' : undefined}
          onChange={(event) => setId(event.target.value)}
        />
        <select
          data-testid="new-chat-kind"
          aria-label={t('chat.kind')}
          value={channelType}
          onChange={(event) => setChannelType(Number(event.target.value))}
        >
          <option value={1}>{t('chat.person')}</option>
          <option value={2}>{t('chat.group')}</option>
        </select>
        <button type="submit" data-testid="new-chat-open">
          {t('chat.open')}
        </button>
      </div>
      {error && (
        <p className="field-error" id="new-chat-input-error" data-testid="new-chat-input-error">
          {t(error.key, error.values)}
        </p>
      )}
    </form>
  );
}
