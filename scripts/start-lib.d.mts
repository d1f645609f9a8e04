export interface ServerBanner {
  tcp: string;
  http: string | null;
  users: { uid: string; token: string }[];
}
export function electronBinaryPath(
  root: string,
  env?: Record<string, string | undefined>,
): string | null;
export function userDataDir(
  productName: string,
  platform?: string,
  env?: Record<string, string | undefined>,
): string;
export function configuredServer(
  settingsDir: string,
  env?: Record<string, string | undefined>,
): string | null;
export function parseServerBanner(text: string): ServerBanner | null;
export function demoEnv(info: ServerBanner): Record<string, string>;
export const NO_ELECTRON_MESSAGE: string;
