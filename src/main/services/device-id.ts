import { createHash } from 'node:crypto';

/**
 * Stable per install and uid: the server closes the older connection of a user when a new one
 * arrives with the same device flag, so a reconnect with a fresh id would kick ourselves. Derived
 * rather than stored, so nothing grows with every uid ever used.
 */
export function deriveDeviceId(installId: string, uid: string): string {
  return createHash('sha256').update(`${installId}\u0000${uid}`).digest('hex').slice(0, 32);
}
