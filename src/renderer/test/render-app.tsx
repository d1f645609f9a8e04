import { act, render, type RenderResult } from '@testing-library/react';
import { App } from '../src/app';
import { createI18n, type Language } from '../src/i18n/i18n';
import { createAppStore, type AppStore } from '../src/store/app-store';
import { FakeApi } from './fake-api';

/** Lets pending promise callbacks (the fake bridge resolves at once) run inside act(). */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  });
}

export interface Rendered extends RenderResult {
  fake: FakeApi;
  store: AppStore;
}

/** Renders the whole app over a fake bridge and waits for the start-up fetches. */
export async function renderApp(
  fake: FakeApi = new FakeApi(),
  language: Language = 'en',
): Promise<Rendered> {
  const store = createAppStore(fake.api);
  const result = render(<App store={store} i18n={createI18n(language)} />);
  await flush();
  return { ...result, fake, store };
}
