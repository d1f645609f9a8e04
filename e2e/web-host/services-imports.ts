/**
 * The production modules the web host is built from, imported in one place so a moved module is
 * one edit away. Tests and hosts may import anything; production code never imports this folder.
 */
export * from '../../src/main/services';
export { isInvokeChannel, isSendChannel } from '../../src/shared/ipc-contract';
export type { SignInDefaults } from '../../src/shared/bridge-api';
export { ConnectionManager } from '../../src/main/im';
export type { ConnectionManagerOptions } from '../../src/main/im';
