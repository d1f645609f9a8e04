// Optional release steps, all OFF unless their environment variables are set: code signing,
// notarization and publishing update metadata. Secrets are read by electron-builder itself from
// the environment (CSC_LINK, CSC_KEY_PASSWORD, APPLE_*, AZURE_*, GH_TOKEN); this module only
// decides whether a step is enabled and never reads or logs a secret's value.
import type { Configuration, MacConfiguration, WindowsConfiguration } from 'electron-builder';

type Env = NodeJS.ProcessEnv;

const has = (env: Env, name: string): boolean => (env[name] ?? '').trim() !== '';

/** WUKONG_SIGN=1 turns signing on; it then needs the platform's certificate variables. */
export function signingEnabled(env: Env): boolean {
  return env.WUKONG_SIGN === '1';
}

/** macOS: Developer ID signing (CSC_LINK + CSC_KEY_PASSWORD, or an identity in the keychain),
 * plus notarization when Apple credentials are present. Without WUKONG_SIGN=1 electron-builder
 * must not pick an identity from the keychain by itself, so `identity: null` disables it. */
export function macSigning(env: Env): Pick<MacConfiguration, 'identity' | 'notarize'> {
  if (!signingEnabled(env)) return { identity: null, notarize: false };
  const appleIdAuth =
    has(env, 'APPLE_ID') && has(env, 'APPLE_APP_SPECIFIC_PASSWORD') && has(env, 'APPLE_TEAM_ID');
  const apiKeyAuth =
    has(env, 'APPLE_API_KEY') && has(env, 'APPLE_API_KEY_ID') && has(env, 'APPLE_API_ISSUER');
  return {
    ...(has(env, 'WUKONG_MAC_IDENTITY') ? { identity: env.WUKONG_MAC_IDENTITY } : {}),
    notarize: appleIdAuth || apiKeyAuth,
  };
}

/** Windows: a PFX in CSC_LINK/CSC_KEY_PASSWORD (WIN_CSC_LINK/WIN_CSC_KEY_PASSWORD when building
 * for several OSes) is picked up by electron-builder; Azure Trusted Signing when its variables
 * are set. */
export function windowsSigning(
  env: Env,
): Pick<WindowsConfiguration, 'azureSignOptions' | 'signtoolOptions'> {
  if (!signingEnabled(env)) return {};
  const endpoint = env.WUKONG_AZURE_ENDPOINT;
  const certificateProfileName = env.WUKONG_AZURE_CERT_PROFILE;
  const codeSigningAccountName = env.WUKONG_AZURE_ACCOUNT;
  if (
    has(env, 'AZURE_TENANT_ID') &&
    has(env, 'AZURE_CLIENT_ID') &&
    has(env, 'AZURE_CLIENT_SECRET') &&
    endpoint &&
    certificateProfileName &&
    codeSigningAccountName
  ) {
    return {
      azureSignOptions: {
        publisherName: env.WUKONG_WIN_PUBLISHER ?? 'WuKong Desktop',
        endpoint,
        certificateProfileName,
        codeSigningAccountName,
      },
    };
  }
  return { signtoolOptions: { signingHashAlgorithms: ['sha256'] } };
}

/**
 * Where update metadata (latest*.yml) and artifacts are published. Off by default: `null`
 * means electron-builder writes no app-update.yml and never uploads. WUKONG_PUBLISH_URL selects
 * a generic HTTPS server (upload it yourself); WUKONG_PUBLISH_GITHUB=owner/repo selects GitHub
 * releases (GH_TOKEN from the environment).
 */
export function publishOptions(env: Env): Configuration['publish'] {
  if (has(env, 'WUKONG_PUBLISH_URL')) {
    const url = env.WUKONG_PUBLISH_URL as string;
    if (!url.startsWith('https://')) {
      throw new Error(`WUKONG_PUBLISH_URL must be an https:// URL, got ${JSON.stringify(url)}`);
    }
    return [{ provider: 'generic', url }];
  }
  if (has(env, 'WUKONG_PUBLISH_GITHUB')) {
    const match = /^([\w.-]+)\/([\w.-]+)$/.exec(env.WUKONG_PUBLISH_GITHUB as string);
    if (!match) throw new Error('WUKONG_PUBLISH_GITHUB must look like owner/repo');
    return [{ provider: 'github', owner: match[1], repo: match[2], releaseType: 'draft' }];
  }
  return null;
}
