import { z } from 'zod';

/**
 * The offline sync as the status bar shows it: 'syncing' while a sync after a (re)connect runs
 * ("Updating…" / 更新中…), 'idle' otherwise.
 */
export const SYNC_STATUSES = ['idle', 'syncing'] as const;
export const syncStatusSchema = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof syncStatusSchema>;
