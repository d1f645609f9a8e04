/**
 * Where the app looks for updates: the generic feed electron-builder wrote into
 * resources/app-update.yml at build time (WUKONG_PUBLISH_URL), else none (auto-update off).
 * Read by hand (two keys) so nothing else of that file is trusted.
 */
export function readConfiguredFeed(appUpdateYml: string | undefined): string | null {
  if (appUpdateYml === undefined) return null;
  const provider = /^provider:\s*['"]?([\w-]+)['"]?\s*$/m.exec(appUpdateYml)?.[1];
  const url = /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(appUpdateYml)?.[1];
  return provider === 'generic' && url ? url : null;
}
