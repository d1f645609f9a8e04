import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StorageIssueInfo } from '../../../shared/messages';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

const CORRUPT: StorageIssueInfo = {
  kind: 'corrupt',
  file: '/data/messages/alice/outbox.jsonl',
  movedTo: '/data/messages/alice/outbox.jsonl.corrupt-1700000000000',
  badLines: 1,
  keptRecords: 3,
  at: Date.UTC(2025, 0, 2, 6, 30),
};

describe('storage problem notice', () => {
  it('is absent while there is no problem', async () => {
    await renderApp();
    expect(screen.getByTestId('screen-main')).toBeTruthy();
    expect(screen.queryByTestId('storage-issue')).toBeNull();
  });

  it('appears on the event with the moved-aside path, without blocking, and dismisses', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    act(() => fake.emitStorageIssue(CORRUPT));
    const notice = screen.getByTestId('storage-issue');
    expect(notice.getAttribute('role')).toBe('status');
    expect(screen.getByTestId('storage-issue-text').textContent).toBe(
      `Some saved messages could not be read. The damaged file was set aside: ${CORRUPT.movedTo}. Everything readable was kept.`,
    );
    // Non-blocking: the rest of the shell stays usable (no dialog opened over it).
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((screen.getByTestId('channel-filter') as HTMLInputElement).disabled).toBe(false);

    await user.click(within(notice).getByTestId('storage-issue-dismiss'));
    expect(screen.queryByTestId('storage-issue')).toBeNull();

    // A new problem shows again.
    act(() => fake.emitStorageIssue({ ...CORRUPT, file: '/data/h.jsonl', at: CORRUPT.at + 1 }));
    expect(screen.getByTestId('storage-issue')).toBeTruthy();
  });

  it('shows problems found before the window subscribed (fetched at start-up), in Chinese too', async () => {
    const fake = new FakeApi();
    fake.storageIssues = [CORRUPT];
    fake.settings = { ...fake.settings, locale: 'zh-CN' };
    await renderApp(fake);
    expect(fake.api.getStorageIssues).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('storage-issue-text').textContent).toBe(
      `部分已保存的消息无法读取。损坏的文件已移到一旁：${CORRUPT.movedTo}。所有可读取的内容均已保留。`,
    );
  });

  it('the same problem arriving by event and by fetch is shown once; start-up survives a failed fetch', async () => {
    const fake = new FakeApi();
    fake.api.getStorageIssues.mockRejectedValueOnce(new Error('no bridge'));
    const { store } = await renderApp(fake);
    expect(screen.getByTestId('screen-main')).toBeTruthy();
    act(() => fake.emitStorageIssue(CORRUPT));
    act(() => fake.emitStorageIssue(CORRUPT));
    expect(store.getState().storageIssues).toEqual([CORRUPT]);
  });

  it('a write failure says so in its own words', async () => {
    const { fake } = await renderApp();
    act(() => fake.emitStorageIssue({ kind: 'writeFailed', file: '/d', detail: 'ENOSPC', at: 1 }));
    expect(screen.getByTestId('storage-issue-text').textContent).toBe(
      'Some messages could not be saved on this device: ENOSPC',
    );
    expect(screen.getByTestId('storage-issue').dataset.kind).toBe('writeFailed');
  });

  it('is cleared on sign-out', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    act(() => fake.emitStorageIssue(CORRUPT));
    fake.account = { ...fake.account, hasToken: false };
    await user.click(screen.getByTestId('signout'));
    await user.click(screen.getByTestId('signout-confirm'));
    await flush();
    expect(screen.queryByTestId('storage-issue')).toBeNull();
  });
});

describe('diagnostics: storage problems', () => {
  it('lists each problem with its file, where it was moved and what was kept', async () => {
    const user = userEvent.setup();
    const fake = new FakeApi();
    fake.storageIssues = [
      CORRUPT,
      { kind: 'writeFailed', file: '/data/messages/alice', detail: 'ENOSPC', at: CORRUPT.at + 5 },
    ];
    await renderApp(fake);
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    const items = screen.getAllByTestId('diagnostics-storage-issue');
    expect(items.map((item) => item.dataset.kind)).toEqual(['corrupt', 'writeFailed']);
    expect(items[0]?.textContent).toContain(CORRUPT.file);
    expect(items[0]?.textContent).toContain(`moved to ${CORRUPT.movedTo}`);
    expect(items[0]?.textContent).toContain('1 unreadable line');
    expect(items[0]?.textContent).toContain('3 records kept');
    expect(items[1]?.textContent).toContain('ENOSPC');
  });

  it('has no storage section without problems', async () => {
    const user = userEvent.setup();
    await renderApp();
    await user.click(screen.getByTestId('diagnostics-open'));
    await flush();
    expect(screen.getByTestId('diagnostics-dialog')).toBeTruthy();
    expect(screen.queryByTestId('diagnostics-storage-issues')).toBeNull();
  });
});
