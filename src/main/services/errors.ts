/** Thrown for calls that need an account while none is signed in. */
export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
  constructor() {
    super('Sign in first');
  }
}
