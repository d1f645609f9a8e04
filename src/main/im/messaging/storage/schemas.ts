/**
 * What a stored record must look like. A line that does not match is treated like a corrupt one
 * (kept aside, reported), so a bad record can never reach the app as half-typed data.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../types';

const decimal = z.string().regex(/^\d{1,20}$/);
const channelType = z.number().int().min(1).max(255);

export const outboxRecordSchema = z.object({
  clientMsgNo: z.string().min(1),
  channelId: z.string().min(1),
  channelType,
  text: z.string(),
  createdAt: z.number(),
  /** epoch ms after which a message still not sent fails; reset by retry */
  deadlineAt: z.number(),
  /** SENDs written so far; > 0 means a re-send carries the DUP flag */
  attempts: z.number().int().min(0),
  /** 'sending' on disk means "maybe on the wire when we stopped": sent again with DUP */
  state: z.enum(['queued', 'sending', 'failed']),
  failReason: z.enum(['rejected', 'deadline', 'error']).optional(),
  failCode: z.number().int().optional(),
  order: z.number().int(),
});
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;

export const historyEntrySchema: z.ZodType<HistoryEntry> = z.object({
  channelId: z.string().min(1),
  channelType,
  clientMsgNo: z.string(),
  messageId: decimal.nullable(),
  messageSeq: decimal.nullable(),
  fromUid: z.string(),
  own: z.boolean(),
  contentType: z.number().int(),
  text: z.string(),
  timestamp: z.number(),
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'received']),
  order: z.number().int(),
  failReason: z.enum(['rejected', 'deadline', 'error']).optional(),
  failCode: z.number().int().optional(),
});

export const readMarkSchema = z.object({
  channelId: z.string().min(1),
  channelType,
  /** entries with order <= this are read */
  readOrder: z.number().int(),
});
export type ReadMark = z.infer<typeof readMarkSchema>;
