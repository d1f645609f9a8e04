import { createAddressResolver, type AddressResolver } from '../address/address-resolver';
import { AddressError } from '../address/parse-address';
import type { ResolvedOptions } from './options';

/**
 * The address resolver for the manager's options. An unusable address is reported on each
 * attempt (as `addressUnavailable`), not thrown at construction or by updateOptions().
 */
export function createManagerResolver(
  opts: Pick<ResolvedOptions, 'address' | 'clock' | 'addressTimeoutMs' | 'fetch'>,
): AddressResolver {
  try {
    return createAddressResolver(opts.address, {
      clock: opts.clock,
      timeoutMs: opts.addressTimeoutMs,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  } catch (err) {
    if (err instanceof AddressError) {
      const error = err;
      return {
        resolve: () => Promise.reject(error),
        reportFailure: () => undefined,
        reportSuccess: () => undefined,
        cancel: () => undefined,
      };
    }
    throw err;
  }
}
