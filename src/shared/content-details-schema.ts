/**
 * The IPC contract's check of HistoryEntry.content (ContentDetails): every kind, every string
 * bounded to what decodeContent() keeps (MAX_FIELD_CHARS), every number finite, whole where it
 * must be and in the range main shows. Strict: nothing else (an address, raw bytes) gets through.
 */
import { z } from 'zod';
import {
  MAX_FIELD_CHARS,
  MAX_SHOWN_BYTES,
  MAX_SHOWN_SECONDS,
  type ContentDetails,
} from './message-content';

const field = z.string().max(MAX_FIELD_CHARS);
const seconds = z.number().nonnegative().max(MAX_SHOWN_SECONDS).nullable();
const bytes = z.number().nonnegative().max(MAX_SHOWN_BYTES).nullable();

export const contentDetailsSchema: z.ZodType<ContentDetails> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('image') }).strict(),
  z.object({ kind: z.literal('gif') }).strict(),
  z.object({ kind: z.literal('voice'), seconds }).strict(),
  z.object({ kind: z.literal('video'), seconds, size: bytes }).strict(),
  z.object({ kind: z.literal('location'), title: field, address: field }).strict(),
  z.object({ kind: z.literal('card'), uid: field, name: field }).strict(),
  z.object({ kind: z.literal('file'), name: field, size: bytes }).strict(),
  z.object({ kind: z.literal('command') }).strict(),
  // never empty: decodeContent() gives an empty notice as unsupported
  z.object({ kind: z.literal('system'), text: field.min(1) }).strict(),
  z.object({ kind: z.literal('unsupported'), contentType: z.number().int().nullable() }).strict(),
]);
