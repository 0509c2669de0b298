// Webhook secrets at rest: AES-256-GCM under the server key. A webhook secret cannot be hashed as API tokens
// are: the dispatcher must compute HMACs with the secret itself. Encrypting it keeps a copy of the database
// (a backup, a dump) from letting anyone forge signed events; the key lives outside the database.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const SECRET_KEY_ENV = 'PISCOPE_SECRET_KEY';

/** The 32-byte server key from PISCOPE_SECRET_KEY (64 hex characters or base64), or an error saying how to make one. */
export function loadSecretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = env[SECRET_KEY_ENV]?.trim();
  if (raw === undefined || raw === '') {
    throw new Error(`${SECRET_KEY_ENV} is not set: webhook secrets are encrypted under it; make one with: openssl rand -hex 32`);
  }
  const key = /^[0-9a-f]{64}$/iu.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error(`${SECRET_KEY_ENV} must be 32 bytes (64 hex characters or base64), not ${key.length} bytes`);
  return key;
}

/** Encrypt a secret; `context` (e.g. the organisation) is authenticated, so a sealed secret copied elsewhere fails to open. */
export function sealSecret(key: Uint8Array, secret: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function openSecret(key: Uint8Array, sealed: string, context: string): string {
  if (!sealed.startsWith('v1:')) throw new Error('sealed secret: unknown format');
  const raw = Buffer.from(sealed.slice(3), 'base64');
  if (raw.length < 29) throw new Error('sealed secret: truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * The server key for `piscope serve`: PISCOPE_SECRET_KEY when set (required when several hosts share one
 * PostgreSQL, so that each can open the secrets), else a key file in the data folder, made on first start
 * with mode 0600, so that one machine needs no set-up. The file sits beside the SQLite database but a
 * PostgreSQL dump alone does not carry it.
 */
export function serverSecretKey(keyFile: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env[SECRET_KEY_ENV] !== undefined && env[SECRET_KEY_ENV].trim() !== '') return loadSecretKey(env);
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    try {
      writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: read theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return loadSecretKey({ [SECRET_KEY_ENV]: readFileSync(keyFile, 'utf8') });
}
