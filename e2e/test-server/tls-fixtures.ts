/**
 * Certificates for TLS tests (test only, never packaged), made once with openssl and committed in
 * ./tls: a test CA; a server certificate it issued for 127.0.0.1 and localhost; one for another
 * host name; one that expired in 2001; a self-signed one for 127.0.0.1 and one for another name. The valid ones run
 * from 2000 to 2100, so a machine with a wrong clock still passes. The keys are test-only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const read = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./tls/${name}`, import.meta.url)), 'utf8');

const pair = (name: string) => ({ cert: read(`${name}.pem`), key: read(`${name}.key`) });

export const TEST_TLS = {
  /** the CA that issued server, wrongHost and expired */
  ca: read('ca.pem'),
  server: pair('server'),
  wrongHost: pair('wrong-host'),
  expired: pair('expired'),
  selfSigned: pair('self-signed'),
  /** self-signed, for elsewhere.example only */
  selfSignedWrongHost: pair('self-signed-wrong-host'),
};
