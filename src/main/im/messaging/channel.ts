import { MessagingError } from './errors';
import type { ChannelRef } from './types';

import {
  MAX_CHANNEL_ID_LENGTH,
  MAX_MESSAGE_TEXT_LENGTH as MAX_TEXT_LENGTH,
} from '../../../shared/messages';

/** Longest text accepted by send(): the app's one limit, shared with the IPC contract. */
export { MAX_TEXT_LENGTH };

/** Stable map key of a channel. */
export function channelKey(c: ChannelRef): string {
  return `${c.channelType}:${c.channelId}`;
}

/** Throws MessagingError('invalidInput') for anything that is not a usable channel. */
export function checkChannel(value: unknown): ChannelRef {
  const c = value as Partial<ChannelRef> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.channelId !== 'string' ||
    c.channelId.length === 0 ||
    c.channelId.length > MAX_CHANNEL_ID_LENGTH ||
    typeof c.channelType !== 'number' ||
    !Number.isInteger(c.channelType) ||
    c.channelType < 1 ||
    c.channelType > 255
  ) {
    throw new MessagingError(
      'invalidInput',
      'channel must be { channelId: string, channelType: 1..255 }',
    );
  }
  return { channelId: c.channelId, channelType: c.channelType };
}

export function checkText(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new MessagingError('invalidInput', 'text must be a non-empty string');
  }
  if (value.length > MAX_TEXT_LENGTH) {
    throw new MessagingError('invalidInput', `text is longer than ${MAX_TEXT_LENGTH} characters`);
  }
  return value;
}
