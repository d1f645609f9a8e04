import { randomUUID } from 'node:crypto';

/** 32 lowercase hex characters, like the SDKs' clientMsgNo. */
export function newClientMsgNo(): string {
  return randomUUID().replace(/-/g, '');
}
