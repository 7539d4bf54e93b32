import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { AppConfig } from './types.js';

/** The server's certificate chain and private key, as Fastify's `https` option takes them. */
export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
}

const read = (key: 'cert_file' | 'key_file', file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`tls: cannot read ${key} ${file}: ${(error as Error).message}`);
  }
};

/**
 * Reads `cert_file` and `key_file` when `enable_tls` is set, so that start-up stops with the file's
 * name when either is missing, unreadable, not PEM, or when the two do not belong together (Heketi
 * served ListenAndServeTLS with them; heketi-ts before issue 11 silently served plain HTTP).
 * `undefined` when TLS is off.
 */
export function loadTlsIdentity(config: Pick<AppConfig, 'enableTls' | 'certFile' | 'keyFile'>): TlsIdentity | undefined {
  if (!config.enableTls) return undefined;
  const identity = { cert: read('cert_file', config.certFile), key: read('key_file', config.keyFile) };
  try {
    createSecureContext(identity);
  } catch (error) {
    throw new Error(
      `tls: cert_file ${config.certFile} and key_file ${config.keyFile} do not make a TLS identity: ${(error as Error).message}`,
    );
  }
  return identity;
}
