/** WuKongIM binary protocol: packet model, codec, framing and errors. */
export * from './packets';
export * from './protocol-error';
export * from './varint';
export * from './encode';
export * from './decode';
export * from './frame-reader';
export { checkLayoutVersion, hasStreamBlock } from './layout';
