import type { SyncStatus } from './sync-status';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  SignInRequest,
  WukongApi,
} from './bridge-api';
import type { ConnectionSnapshot, KickEvent } from './connection';
import { INVOKE_CHANNELS } from './ipc-channels';
import { eventVerb, invokePayload } from './ipc-verbs';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  ListMessagesOptions,
  StorageIssueInfo,
} from './messages';
import type { SearchHit, SearchOptions } from './search';
import type { Settings, SettingsPatch } from './settings';
import type { RestartOutcome, UpdateState } from './updates';

/** The verbs the renderer was built against, written out once: the derived bridge must match. */
interface RendererVerbs {
  getSnapshot(): Promise<ConnectionSnapshot>;
  getAccount(): Promise<AccountInfo>;
  getSignInDefaults(): Promise<SignInDefaults>;
  signIn(request: SignInRequest): Promise<void>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  retryNow(): Promise<void>;
  signOut(): Promise<void>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  getDiagnostics(): Promise<DiagnosticsReport>;
  exportDiagnostics(): Promise<string | null>;
  reportNetwork(online: boolean): void;
  quit(): Promise<void>;
  onSnapshot(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  onKick(listener: (kick: KickEvent) => void): () => void;
  onSettings(listener: (settings: Settings) => void): () => void;
  sendMessage(channel: ChannelRef, text: string): Promise<HistoryEntry>;
  retryMessage(clientMsgNo: string): Promise<HistoryEntry>;
  deleteMessage(clientMsgNo: string): Promise<void>;
  listMessages(channel: ChannelRef, options?: ListMessagesOptions): Promise<HistoryEntry[]>;
  listChannels(): Promise<ChannelSummary[]>;
  markRead(channel: ChannelRef): Promise<void>;
  searchMessages(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  onMessage(listener: (entry: HistoryEntry) => void): () => void;
  onChannel(listener: (channel: ChannelSummary) => void): () => void;
  getStorageIssues(): Promise<StorageIssueInfo[]>;
  onStorageIssue(listener: (issue: StorageIssueInfo) => void): () => void;
  openExternal(url: string): Promise<void>;
  getUpdateState(): Promise<UpdateState>;
  restartToUpdate(): Promise<RestartOutcome>;
  onUpdateState(listener: (state: UpdateState) => void): () => void;
  onSyncStatus(listener: (status: SyncStatus) => void): () => void;
}

describe('verbs derived from the IPC contract', () => {
  it('keep every name and shape the renderer uses', () => {
    expectTypeOf<keyof WukongApi>().toEqualTypeOf<keyof RendererVerbs>();
    expectTypeOf<WukongApi['signIn']>().toEqualTypeOf<RendererVerbs['signIn']>();
    expectTypeOf<WukongApi['getSnapshot']>().toEqualTypeOf<RendererVerbs['getSnapshot']>();
    expectTypeOf<WukongApi['getAccount']>().toEqualTypeOf<RendererVerbs['getAccount']>();
    expectTypeOf<WukongApi['updateSettings']>().toEqualTypeOf<RendererVerbs['updateSettings']>();
    expectTypeOf<WukongApi['getDiagnostics']>().toEqualTypeOf<RendererVerbs['getDiagnostics']>();
    expectTypeOf<WukongApi['exportDiagnostics']>().toEqualTypeOf<
      RendererVerbs['exportDiagnostics']
    >();
    expectTypeOf<WukongApi['reportNetwork']>().toEqualTypeOf<RendererVerbs['reportNetwork']>();
    expectTypeOf<WukongApi['onSnapshot']>().toEqualTypeOf<RendererVerbs['onSnapshot']>();
    expectTypeOf<WukongApi['onKick']>().toEqualTypeOf<RendererVerbs['onKick']>();
    expectTypeOf<WukongApi['sendMessage']>().toEqualTypeOf<RendererVerbs['sendMessage']>();
    expectTypeOf<WukongApi['retryMessage']>().toEqualTypeOf<RendererVerbs['retryMessage']>();
    expectTypeOf<WukongApi['listMessages']>().toEqualTypeOf<RendererVerbs['listMessages']>();
    expectTypeOf<WukongApi['listChannels']>().toEqualTypeOf<RendererVerbs['listChannels']>();
    expectTypeOf<WukongApi['searchMessages']>().toEqualTypeOf<RendererVerbs['searchMessages']>();
    expectTypeOf<WukongApi['markRead']>().toEqualTypeOf<RendererVerbs['markRead']>();
    expectTypeOf<WukongApi['onStorageIssue']>().toEqualTypeOf<RendererVerbs['onStorageIssue']>();
    expectTypeOf<WukongApi['getStorageIssues']>().toEqualTypeOf<
      RendererVerbs['getStorageIssues']
    >();
    expectTypeOf<WukongApi>().toExtend<RendererVerbs>();
    expectTypeOf<RendererVerbs>().toExtend<WukongApi>();
  });

  it('turn positional arguments into the one payload the contract validates', () => {
    const bob = { channelId: 'bob', channelType: 1 };
    expect(invokePayload('sendMessage', [bob, 'hi'])).toEqual({ channel: bob, text: 'hi' });
    expect(invokePayload('listMessages', [bob, { limit: undefined, beforeOrder: 3 }])).toEqual({
      channel: bob,
      beforeOrder: 3,
    });
    expect(invokePayload('searchMessages', ['你好', { limit: 5, before: undefined }])).toEqual({
      query: '你好',
      limit: 5,
    });
    expect(invokePayload('signIn', [{ uid: 'u' }])).toEqual({ uid: 'u' });
    expect(invokePayload('getSnapshot', [])).toBeUndefined();
    expect(eventVerb('storageIssue')).toBe('onStorageIssue');
    expect(Object.keys(INVOKE_CHANNELS)).toContain('markRead');
  });
});
