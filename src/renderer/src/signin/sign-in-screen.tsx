import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../i18n/message';
import { useApp } from '../store/store-context';
import { TextField } from '../ui/text-field';
import {
  initialSignInFields,
  signInErrorMessage,
  validateSignIn,
  type SignInField,
  type SignInFields,
} from './sign-in-form';

const FIELD_ORDER: readonly SignInField[] = [
  'host',
  'port',
  'routeUrl',
  'certificate',
  'uid',
  'token',
];

export function SignInScreen() {
  const { t } = useTranslation();
  const account = useApp((s) => s.account);
  const defaults = useApp((s) => s.signInDefaults);
  const flow = useApp((s) => s.signIn);
  const notice = useApp((s) => s.signInNotice);
  const submitSignIn = useApp((s) => s.submitSignIn);
  const openOverlay = useApp((s) => s.openOverlay);

  const [fields, setFields] = useState<SignInFields>(() => initialSignInFields(account, defaults));
  const [errors, setErrors] = useState<FieldErrors<SignInField>>({});
  const inputs = useRef<Partial<Record<SignInField, HTMLInputElement | null>>>({});
  const pending = flow?.pending ?? false;
  const error = flow && !flow.pending ? flow.error : null;
  const errorMessage = error ? signInErrorMessage(error) : null;
  const errorText = errorMessage ? t(errorMessage.key, errorMessage.values) : null;

  const errorRef = useRef<HTMLParagraphElement>(null);
  // The disabled button lost focus while the sign-in ran: the error takes it, and being focused is
  // its one announcement (no live region as well).
  useEffect(() => {
    if (errorText) errorRef.current?.focus();
  }, [errorText]);

  // Start where typing is needed: after a kick the server and uid are filled in, so the token;
  // when everything is prefilled (test mode), the user id.
  useEffect(() => {
    const first = FIELD_ORDER.find((field) => inputs.current[field]?.value === '') ?? 'uid';
    inputs.current[first]?.focus();
  }, []);

  function update<K extends keyof SignInFields>(key: K, value: SignInFields[K]): void {
    setFields((current) => ({ ...current, [key]: value }));
    if (key in errors) setErrors((current) => ({ ...current, [key]: undefined }));
  }

  /** What every text field of the form shares: test id, value, error and change handler. */
  function bind(field: SignInField, testId: string) {
    return {
      id: testId,
      testId,
      value: fields[field],
      error: errors[field],
      onChange: (e: ChangeEvent<HTMLInputElement>) => update(field, e.target.value),
    };
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (pending) return;
    const result = validateSignIn(fields);
    if (!result.ok) {
      setErrors(result.errors);
      const first = FIELD_ORDER.find((field) => result.errors[field]);
      if (first) inputs.current[first]?.focus();
      return;
    }
    setErrors({});
    void submitSignIn(result.request);
  }

  const noticeKey =
    notice === 'kicked'
      ? 'signin.kickedNotice'
      : notice === 'tokenRejected'
        ? 'status.tokenRejected'
        : notice === 'banned'
          ? 'status.banned'
          : null;

  return (
    <main className="signin-screen" data-testid="screen-signin">
      <form
        className="card signin-form"
        data-testid="signin-form"
        aria-labelledby="signin-title"
        aria-busy={pending}
        noValidate
        onSubmit={onSubmit}
      >
        <h1 id="signin-title">{t('signin.title')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        {noticeKey && (
          <p className="notice" data-testid="signin-notice" data-notice={notice}>
            {t(noticeKey)}
          </p>
        )}
        <fieldset className="server-fieldset">
          <legend>{t('signin.server')}</legend>
          <div className="segmented">
            <label>
              <input
                type="radio"
                name="server-mode"
                value="static"
                data-testid="signin-mode-static"
                checked={fields.mode === 'static'}
                onChange={() => update('mode', 'static')}
              />
              {t('signin.modeStatic')}
            </label>
            <label>
              <input
                type="radio"
                name="server-mode"
                value="route"
                data-testid="signin-mode-route"
                checked={fields.mode === 'route'}
                onChange={() => update('mode', 'route')}
              />
              {t('signin.modeRoute')}
            </label>
          </div>
          {fields.mode === 'static' ? (
            <div className="host-port">
              <TextField
                ref={(el) => {
                  inputs.current.host = el;
                }}
                {...bind('host', 'signin-host')}
                label={t('signin.host')}
                autoComplete="off"
                spellCheck={false}
              />
              <TextField
                ref={(el) => {
                  inputs.current.port = el;
                }}
                {...bind('port', 'signin-port')}
                label={t('signin.port')}
                inputMode="numeric"
                autoComplete="off"
              />
            </div>
          ) : (
            <TextField
              ref={(el) => {
                inputs.current.routeUrl = el;
              }}
              {...bind('routeUrl', 'signin-route-url')}
              label={t('signin.routeUrl')}
              hint={t('signin.routeHint')}
              type="url"
              autoComplete="off"
              spellCheck={false}
            />
          )}
          <div className="field">
            <label htmlFor="signin-tls">{t('signin.tls')}</label>
            <select
              id="signin-tls"
              data-testid="signin-tls"
              value={fields.tls}
              onChange={(e) => update('tls', e.target.value as SignInFields['tls'])}
            >
              <option value="off">{t('signin.tlsOff')}</option>
              <option value="system">{t('signin.tlsSystem')}</option>
              <option value="pinned">{t('signin.tlsPinned')}</option>
            </select>
          </div>
          {fields.tls === 'pinned' && (
            <div className="field">
              <label htmlFor="signin-certificate">{t('signin.certificate')}</label>
              <textarea
                id="signin-certificate"
                data-testid="signin-certificate"
                value={fields.certificate}
                rows={4}
                spellCheck={false}
                aria-invalid={errors.certificate ? true : undefined}
                aria-describedby={errors.certificate ? 'signin-certificate-error' : undefined}
                onChange={(e) => update('certificate', e.target.value)}
              />
              {errors.certificate && (
                <p
                  className="field-error"
                  id="signin-certificate-error"
                  data-testid="signin-certificate-error"
                >
                  {t(errors.certificate.key, errors.certificate.values)}
                </p>
              )}
            </div>
          )}
        </fieldset>
        <TextField
          ref={(el) => {
            inputs.current.uid = el;
          }}
          {...bind('uid', 'signin-uid')}
          label={t('signin.uid')}
          autoComplete="username"
          spellCheck={false}
        />
        <TextField
          ref={(el) => {
            inputs.current.token = el;
          }}
          {...bind('token', 'signin-token')}
          label={t('signin.token')}
          type="password"
          autoComplete="current-password"
        />
        {errorText && (
          <p
            ref={errorRef}
            tabIndex={-1}
            className="form-error"
            data-testid="signin-error"
            data-reason={error?.kind === 'reason' ? error.reason : 'message'}
          >
            {errorText}
          </p>
        )}
        <button type="submit" className="primary" data-testid="signin-submit" disabled={pending}>
          {pending ? t('signin.submitting') : t('signin.submit')}
        </button>
      </form>
      <nav className="signin-tools" aria-label={t('signin.tools')}>
        <button type="button" data-testid="settings-open" onClick={() => openOverlay('settings')}>
          {t('shell.settings')}
        </button>
        <button
          type="button"
          data-testid="diagnostics-open"
          onClick={() => openOverlay('diagnostics')}
        >
          {t('shell.diagnostics')}
        </button>
      </nav>
    </main>
  );
}
