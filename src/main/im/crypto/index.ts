/** Session security of the WuKongIM protocol: X25519, AES-128-CBC payloads, msgKeys. */
export * from './keys';
export * from './session-cipher';
export * from './session';
export * from './seal';
