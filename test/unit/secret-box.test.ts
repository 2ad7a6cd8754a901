import { describe, expect, it } from 'vitest';
import { isSealed, openSecret, sealSecret } from '../../src/platform/auth/secret-box.ts';

describe('secrets stored sealed (AES-256-GCM under a key derived from the server secret)', () => {
  const server = 'a-server-secret-of-at-least-32-characters';
  const plain = 'whsec_9Jx0zQk3pL7mN2vB5cR8tY1uI4oP6aS0dF3gH7jK';

  it('stores no trace of the plaintext and opens to it again', () => {
    const sealed = sealSecret(server, plain);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(plain);
    expect(sealed).not.toContain(Buffer.from(plain).toString('base64url').slice(0, 16));
    expect(openSecret(server, sealed)).toBe(plain);
    // A fresh IV each time: the same secret never stores the same text twice.
    expect(sealSecret(server, plain)).not.toBe(sealed);
    expect(openSecret(server, sealSecret(server, '中文 secret ✓'))).toBe('中文 secret ✓');
  });

  it('refuses another server secret and a changed byte', () => {
    const sealed = sealSecret(server, plain);
    expect(() => openSecret('another-server-secret-of-32-characters!!', sealed)).toThrow();
    const raw = Buffer.from(sealed.slice('enc:v1:'.length), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openSecret(server, `enc:v1:${raw.toString('base64url')}`)).toThrow();
    expect(() => openSecret(server, 'enc:v1:AAAA')).toThrow(/damaged/);
  });

  it('reads a value stored before sealing as it is', () => {
    expect(isSealed(plain)).toBe(false);
    expect(openSecret(server, plain)).toBe(plain);
  });
});
