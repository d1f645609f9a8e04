import type { AppState } from './app-store';

export type Screen = 'loading' | 'signin' | 'main' | 'kicked' | 'tokenRejected' | 'banned';

/**
 * Which screen the window shows, from the latest snapshot and the account alone. The order is the
 * priority: a sign-in the user started wins, then a kick the user has not acted on, then identity
 * problems the server reported, then the main shell.
 */
export function deriveScreen(
  state: Pick<
    AppState,
    'snapshot' | 'account' | 'kick' | 'signIn' | 'signInRequested' | 'accountProblem'
  >,
): Screen {
  const { snapshot, account } = state;
  if (!snapshot || !account) return 'loading';
  if (state.signIn || state.signInRequested) return 'signin';
  if (state.kick) return 'kicked';
  if (!account.hasToken) return 'signin';
  if (state.accountProblem) return state.accountProblem;
  return 'main';
}
