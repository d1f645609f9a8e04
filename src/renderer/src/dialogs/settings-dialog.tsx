import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, THEMES, type Settings } from '../../../shared/settings';
import { Modal } from '../a11y/modal';
import { useAnnounce } from '../a11y/announcer';
import { resolveLanguage } from '../i18n/i18n';
import type { FieldErrors } from '../i18n/message';
import {
  mergeChangedSettings,
  sameFields,
  settingsToFields,
  validateSettings,
  type SettingsField,
  type SettingsFields,
} from '../settings/settings-form';
import { useApp } from '../store/store-context';
import { TextField } from '../ui/text-field';
import { errorMessage } from '../../../shared/error-message';

const FIELD_ORDER: readonly SettingsField[] = [
  'connectTimeout',
  'heartbeat',
  'reconnectInterval',
  'maxAttempts',
  'apiBaseUrl',
];

const TEST_IDS: Record<SettingsField, string> = {
  connectTimeout: 'settings-connect-timeout',
  heartbeat: 'settings-heartbeat',
  maxAttempts: 'settings-max-attempts',
  reconnectInterval: 'settings-reconnect-interval',
  apiBaseUrl: 'settings-api-base-url',
};

function SettingsForm({ settings }: { settings: Settings }) {
  const { t, i18n } = useTranslation();
  const announce = useAnnounce();
  const saveSettings = useApp((s) => s.saveSettings);
  const close = useApp((s) => s.closeOverlay);
  const [fields, setFields] = useState<SettingsFields>(() => settingsToFields(settings));
  // What the form last took from the settings: a change saved elsewhere (another window, the
  // main process) updates the untouched fields, during render as React advises for derived state.
  const [shown, setShown] = useState<SettingsFields>(() => settingsToFields(settings));
  const incoming = settingsToFields(settings);
  if (!sameFields(incoming, shown)) {
    setShown(incoming);
    setFields((current) => mergeChangedSettings(current, shown, incoming));
  }
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const inputs = useRef<Partial<Record<SettingsField, HTMLInputElement | null>>>({});

  function update<K extends keyof SettingsFields>(key: K, value: SettingsFields[K]): void {
    setFields((current) => ({ ...current, [key]: value }));
    if (key in errors) setErrors((current) => ({ ...current, [key]: undefined }));
  }

  async function onSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const result = validateSettings(fields);
    if (!result.ok) {
      setErrors(result.errors);
      const first = FIELD_ORDER.find((field) => result.errors[field]);
      if (first) inputs.current[first]?.focus();
      return;
    }
    setErrors({});
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await saveSettings(result.patch);
      // The UI switches language only after this dialog closes; speak the new one already.
      const language = resolveLanguage(saved.locale, navigator.language);
      announce(i18n.getFixedT(language)('settings.saved'));
      close();
    } catch (error) {
      setSaveError(errorMessage(error));
      setSaving(false);
    }
  }

  const numberField = (field: SettingsField, label: string, hint?: string) => (
    <TextField
      ref={(el) => {
        inputs.current[field] = el;
      }}
      id={`settings-${field}`}
      testId={TEST_IDS[field]}
      label={label}
      hint={hint}
      value={fields[field]}
      error={errors[field]}
      inputMode="decimal"
      autoComplete="off"
      onChange={(e) => update(field, e.target.value)}
    />
  );

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} data-testid="settings-form">
      <fieldset>
        <legend>{t('settings.connection')}</legend>
        {numberField('connectTimeout', t('settings.connectTimeout'))}
        {numberField('heartbeat', t('settings.heartbeat'))}
        <div className="field checkbox">
          <input
            id="settings-auto-reconnect"
            type="checkbox"
            data-testid="settings-auto-reconnect"
            checked={fields.autoReconnect}
            onChange={(e) => update('autoReconnect', e.target.checked)}
          />
          <label htmlFor="settings-auto-reconnect">{t('settings.autoReconnect')}</label>
        </div>
        {numberField('maxAttempts', t('settings.maxAttempts'), t('settings.maxAttemptsHint'))}
        {numberField('reconnectInterval', t('settings.reconnectInterval'))}
        <p className="muted">{t('settings.appliesNext')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('settings.sync')}</legend>
        <TextField
          ref={(el) => {
            inputs.current.apiBaseUrl = el;
          }}
          id="settings-apiBaseUrl"
          testId={TEST_IDS.apiBaseUrl}
          label={t('settings.apiBaseUrl')}
          hint={t('settings.apiBaseUrlHint')}
          value={fields.apiBaseUrl}
          error={errors.apiBaseUrl}
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => update('apiBaseUrl', e.target.value)}
        />
      </fieldset>
      <fieldset>
        <legend>{t('settings.appearance')}</legend>
        <div className="field">
          <label htmlFor="settings-locale">{t('settings.locale')}</label>
          <select
            id="settings-locale"
            data-testid="settings-locale"
            value={fields.locale}
            onChange={(e) => update('locale', e.target.value as Settings['locale'])}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {locale === 'system' ? t('settings.system') : t(`language.${locale}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="settings-theme">{t('settings.theme')}</label>
          <select
            id="settings-theme"
            data-testid="settings-theme"
            value={fields.theme}
            onChange={(e) => update('theme', e.target.value as Settings['theme'])}
          >
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {t(`settings.${theme}`)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {saveError && (
        <p className="form-error" data-testid="settings-error">
          {t('settings.saveFailed', { message: saveError })}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" data-testid="settings-cancel" onClick={close}>
          {t('settings.cancel')}
        </button>
        <button type="submit" className="primary" data-testid="settings-save" disabled={saving}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

/** Settings modal; Escape or Cancel closes it without saving. */
export function SettingsDialog() {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const close = useApp((s) => s.closeOverlay);
  return (
    <Modal labelledBy="settings-title" onEscape={close} testId="settings-dialog" className="wide">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {settings ? <SettingsForm settings={settings} /> : <p>{t('settings.loading')}</p>}
    </Modal>
  );
}
