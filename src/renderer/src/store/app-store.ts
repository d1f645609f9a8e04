import type { UpdateState } from '../../../shared/updates';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  SignInRequest,
  WukongApi,
} from '../../../shared/bridge-api';
import {
  USER_STOP_REASONS,
  type ConnectionReason,
  type ConnectionSnapshot,
  type KickEvent,
} from '../../../shared/connection';
import { errorMessage } from '../../../shared/error-message';
import type { StorageIssueInfo } from '../../../shared/messages';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import {
  createChatSlice,
  INITIAL_CHAT_STATE,
  type ChatActions,
  type ChatState,
} from './chat-slice';
import {
  createSearchSlice,
  INITIAL_SEARCH_STATE,
  type SearchActions,
  type SearchState,
} from './search-slice';

/** Why a sign-in did not work: a connection reason from a snapshot, or a rejected bridge call. */
export type SignInError =
  { kind: 'reason'; reason: ConnectionReason } | { kind: 'message'; message: string };

/**
 * A sign-in in progress (or just failed). While it exists the sign-in screen owns the window and
 * snapshots newer than `startedSeq` decide the outcome.
 */
export interface SignInFlow {
  startedSeq: number;
  pending: boolean;
  error: SignInError | null;
}

export type AccountProblem = 'tokenRejected' | 'banned';

export type Overlay = 'none' | 'settings' | 'diagnostics';

/** Why the sign-in screen is showing, when it is not the first sign-in; shown as a notice. */
export type SignInNotice = 'kicked' | 'tokenRejected' | 'banned' | 'signedOut';

export interface AppState extends ChatState, SearchState {
  /** null until the first snapshot (event or fetch) arrived */
  snapshot: ConnectionSnapshot | null;
  account: AccountInfo | null;
  signInDefaults: SignInDefaults | null;
  settings: Settings | null;
  /** The kick the user has not acted on yet; latched until "Sign in again" or "Quit". */
  kick: KickEvent | null;
  /** The user chose to sign in again (after a kick, a rejected token, a ban or sign-out). */
  signInRequested: boolean;
  signInNotice: SignInNotice | null;
  signIn: SignInFlow | null;
  /**
   * The server refused the stored token or banned the account. Latched from the first refusal
   * until a connection succeeds or the person acts, so the manager's one refresh-and-retry does
   * not flash the main shell between two refusals.
   */
  accountProblem: AccountProblem | null;
  /** Seq of the snapshot current when "Retry now" was pressed; cleared by the next snapshot. */
  retryPendingSinceSeq: number | null;
  /** A bridge call from the main shell failed; its message is meant for people. */
  actionError: string | null;
  loadError: string | null;
  overlay: Overlay;
  /** Recent message storage problems of this account, oldest first (diagnostics lists them). */
  storageIssues: StorageIssueInfo[];
  /** The newest storage problem, until the user dismisses its notice. */
  storageNotice: StorageIssueInfo | null;
  /** The app's auto-update; 'ready' offers "Restart to update". */
  update: UpdateState;
  /** The offline sync after a (re)connect is running: the status bar says "Updating…". */
  syncing: boolean;
  /** Quit went through: the Electron window is about to go; a browser tab stays and says so. */
  quitDone: boolean;
}

export interface AppActions extends ChatActions, SearchActions {
  /** Subscribe first, then fetch, so no early event is lost (ARCHITECTURE.md, Data flow). */
  start(): Promise<void>;
  stop(): void;
  submitSignIn(request: SignInRequest): Promise<void>;
  /** "Sign in again": leave the kicked / rejected / banned state for the sign-in screen. */
  requestSignIn(notice?: SignInNotice): void;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  retryNow(): Promise<void>;
  signOut(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<Settings>;
  quit(): Promise<void>;
  /** Installs a downloaded update (the main process asks first over unsent messages). */
  restartToUpdate(): Promise<void>;
  reportNetwork(online: boolean): void;
  getDiagnostics(): Promise<DiagnosticsReport>;
  /** Resolves with the path written, or null when the user cancelled the save dialog. */
  exportDiagnostics(): Promise<string | null>;
  openOverlay(overlay: Exclude<Overlay, 'none'>): void;
  closeOverlay(): void;
  dismissStorageNotice(): void;
}

export type AppStore = StoreApi<AppState & AppActions>;

const INITIAL_STATE: AppState = {
  ...INITIAL_CHAT_STATE,
  ...INITIAL_SEARCH_STATE,
  snapshot: null,
  account: null,
  signInDefaults: null,
  settings: null,
  kick: null,
  signInRequested: false,
  signInNotice: null,
  signIn: null,
  accountProblem: null,
  retryPendingSinceSeq: null,
  actionError: null,
  loadError: null,
  overlay: 'none',
  storageIssues: [],
  storageNotice: null,
  update: { kind: 'off' },
  syncing: false,
  quitDone: false,
};

/** Most storage problems kept; the main process keeps as many. */
const MAX_STORAGE_ISSUES = 20;

const sameIssue = (a: StorageIssueInfo, b: StorageIssueInfo): boolean =>
  a.at === b.at && a.kind === b.kind && a.file === b.file;

/** `known` plus those of `incoming` not in it yet, oldest first, at most MAX_STORAGE_ISSUES. */
function mergeIssues(
  known: readonly StorageIssueInfo[],
  incoming: readonly StorageIssueInfo[],
): StorageIssueInfo[] {
  const added = incoming.filter((issue) => !known.some((k) => sameIssue(k, issue)));
  return [...known, ...added].sort((a, b) => a.at - b.at).slice(-MAX_STORAGE_ISSUES);
}

/**
 * Reasons that may pass through while a sign-in replaces the previous session (the old link is
 * closed first); they say nothing about the new credentials.
 */
const SIGN_IN_NEUTRAL_REASONS: readonly ConnectionReason[] = [
  'none',
  'connectSuccess',
  'suspended',
  // The previous session being closed or replaced.
  ...USER_STOP_REASONS,
  'kickOff',
];

export function createAppStore(api: WukongApi): AppStore {
  let unsubscribers: Array<() => void> = [];

  return createStore<AppState & AppActions>()((set, get) => {
    const chat = createChatSlice(api, set, get);
    const search = createSearchSlice(api, set, chat.actions.openConversation);

    /** What a newer snapshot means for a sign-in in progress. */
    function settleSignIn(snapshot: ConnectionSnapshot): Partial<AppState> {
      const flow = get().signIn;
      if (!flow || snapshot.seq <= flow.startedSeq) return {};
      if (snapshot.status === 'connected') {
        // Success: the new session replaces whatever the old one ended with.
        return { signIn: null, signInRequested: false, signInNotice: null, kick: null };
      }
      // A failure shown while the manager kept retrying gives way to its final verdict.
      if (!flow.pending && snapshot.status === 'connectFail') {
        return { signIn: { ...flow, error: { kind: 'reason', reason: snapshot.reason } } };
      }
      if (!flow.pending || snapshot.status === 'connecting') return {};
      if (SIGN_IN_NEUTRAL_REASONS.includes(snapshot.reason)) return {};
      return {
        signIn: { ...flow, pending: false, error: { kind: 'reason', reason: snapshot.reason } },
      };
    }

    function acceptSnapshot(snapshot: ConnectionSnapshot): void {
      const current = get().snapshot;
      // Start-up race and reordering: the newer snapshot wins, an older one is dropped.
      if (current && snapshot.seq <= current.seq) return;
      const state = get();
      const patch: Partial<AppState> = { snapshot, ...settleSignIn(snapshot) };
      if (state.retryPendingSinceSeq !== null && snapshot.seq > state.retryPendingSinceSeq) {
        patch.retryPendingSinceSeq = null;
      }
      // A kick that happened before this window subscribed (reload, window re-created) is still
      // latched in the snapshot: show the dialog for it too.
      if (
        snapshot.reason === 'kickOff' &&
        snapshot.status !== 'connected' &&
        !state.kick &&
        !state.signInRequested &&
        !state.signIn &&
        patch.signIn === undefined
      ) {
        patch.kick = {
          reasonCode: snapshot.serverReasonCode ?? 12,
          reasonText: snapshot.serverReasonText ?? '',
          at: snapshot.at,
        };
        patch.overlay = 'none';
      }
      if (snapshot.status === 'connected') patch.actionError = null;
      const problem = accountProblemOf(snapshot);
      // While a sign-in the person asked for is under way, its own outcome speaks instead.
      if (problem !== undefined && !(problem !== null && (state.signIn || state.signInRequested))) {
        patch.accountProblem = problem;
      }
      set(patch);
      if (patch.signIn === null && state.signIn) void refreshAccount();
    }

    function acceptStorageIssues(issues: readonly StorageIssueInfo[]): void {
      const known = get().storageIssues;
      const merged = mergeIssues(known, issues);
      if (merged.length === known.length) return;
      set({ storageIssues: merged, storageNotice: merged.at(-1) ?? null });
    }

    /**
     * Problems found before this window subscribed (the store opens at start-up or sign-in).
     * Optional: a failure here must not stop the app from loading.
     */
    async function loadStorageIssues(): Promise<void> {
      try {
        acceptStorageIssues(await api.getStorageIssues());
      } catch {
        // diagnostics still lists them; nothing to show
      }
    }

    /** Another account's storage problems must not stay on screen either. */
    const NO_STORAGE_ISSUES = {
      storageIssues: [],
      storageNotice: null,
    } satisfies Partial<AppState>;

    function acceptKick(kick: KickEvent): void {
      // The kick dialog is modal: nothing else stays open over or under it.
      set({ kick, overlay: 'none', signInRequested: false, signIn: null });
    }

    async function refreshAccount(): Promise<void> {
      try {
        const account = await api.getAccount();
        // Another account's conversations must not stay on screen.
        if (account.uid !== get().account?.uid) {
          chat.actions.resetChat();
          search.jumpDone();
          set(NO_STORAGE_ISSUES);
          // The new account's store may have reported problems while it opened (before now).
          void loadStorageIssues();
        }
        set({ account });
      } catch (error) {
        set({ actionError: errorMessage(error) });
      }
    }

    async function runAction(action: () => Promise<void>): Promise<void> {
      set({ actionError: null });
      try {
        await action();
      } catch (error) {
        set({ actionError: errorMessage(error) });
      }
    }

    return {
      ...INITIAL_STATE,
      ...chat.actions,
      ...search,

      async start() {
        if (unsubscribers.length > 0) return;
        unsubscribers = [
          api.onSnapshot(acceptSnapshot),
          api.onKick(acceptKick),
          // Saved here or in another window; whatever arrives last is the newest.
          api.onSettings((settings) => set({ settings })),
          api.onStorageIssue((issue) => acceptStorageIssues([issue])),
          api.onUpdateState((update) => set({ update })),
          api.onSyncStatus((status) => set({ syncing: status === 'syncing' })),
          ...chat.subscribe(),
        ];
        void loadStorageIssues();
        api.getUpdateState().then(
          (update) => set((state) => (state.update.kind === 'off' ? { update } : {})),
          () => undefined,
        );
        try {
          const [snapshot, account, signInDefaults, settings] = await Promise.all([
            api.getSnapshot(),
            api.getAccount(),
            api.getSignInDefaults(),
            api.getSettings(),
          ]);
          // A settings event that arrived meanwhile is at least as new as this fetch.
          set({ account, signInDefaults, settings: get().settings ?? settings });
          acceptSnapshot(snapshot);
        } catch (error) {
          set({ loadError: errorMessage(error) });
        }
      },

      stop() {
        for (const unsubscribe of unsubscribers) unsubscribe();
        unsubscribers = [];
      },

      async submitSignIn(request) {
        const flow = get().signIn;
        if (flow?.pending) return;
        const startedSeq = get().snapshot?.seq ?? 0;
        set({ signIn: { startedSeq, pending: true, error: null }, actionError: null });
        try {
          await api.signIn(request);
        } catch (error) {
          set({
            signIn: {
              startedSeq,
              pending: false,
              error: { kind: 'message', message: errorMessage(error) },
            },
          });
          return;
        }
        await refreshAccount();
        // The outcome may have arrived before signIn resolved.
        const snapshot = get().snapshot;
        if (snapshot) set(settleSignIn(snapshot));
        if (get().signIn === null) set({ signInRequested: false, signInNotice: null });
      },

      requestSignIn(notice) {
        set({
          signInRequested: true,
          signInNotice: notice ?? null,
          kick: null,
          overlay: 'none',
          signIn: null,
          accountProblem: null,
        });
      },

      connect: () => runAction(() => api.connect()),
      disconnect: () => runAction(() => api.disconnect()),

      async retryNow() {
        const seq = get().snapshot?.seq ?? 0;
        set({ retryPendingSinceSeq: seq, actionError: null });
        try {
          await api.retryNow();
        } catch (error) {
          set({ retryPendingSinceSeq: null, actionError: errorMessage(error) });
        }
      },

      async signOut() {
        await runAction(async () => {
          await api.signOut();
          chat.actions.resetChat();
          search.jumpDone();
          set({
            ...NO_STORAGE_ISSUES,
            signInRequested: true,
            signInNotice: 'signedOut',
            kick: null,
            overlay: 'none',
            signIn: null,
          });
          await refreshAccount();
        });
      },

      async saveSettings(patch) {
        const settings = await api.updateSettings(patch);
        set({ settings });
        // Another server drops the stored token (it belongs to its server): sign-in follows.
        if (patch.server !== undefined) await refreshAccount();
        return settings;
      },

      quit: () =>
        runAction(async () => {
          await api.quit();
          set({ quitDone: true, kick: null, overlay: 'none' });
        }),
      restartToUpdate: () => runAction(async () => void (await api.restartToUpdate())),

      reportNetwork(online) {
        api.reportNetwork(online);
      },

      getDiagnostics: () => api.getDiagnostics(),
      exportDiagnostics: () => api.exportDiagnostics(),

      openOverlay(overlay) {
        if (get().kick) return;
        set({ overlay });
      },

      closeOverlay() {
        set({ overlay: 'none' });
      },

      dismissStorageNotice() {
        set({ storageNotice: null });
      },
    };
  });
}

/** What a snapshot says about the account problem latch (undefined: leave it as it is). */
function accountProblemOf(snapshot: ConnectionSnapshot): AccountProblem | null | undefined {
  if (snapshot.status === 'connected') return null;
  const settled = snapshot.status === 'disconnected' || snapshot.status === 'connectFail';
  if (!settled) return undefined;
  if (snapshot.reason === 'authFail') return 'tokenRejected';
  if (snapshot.reason === 'banned') return 'banned';
  return undefined;
}
