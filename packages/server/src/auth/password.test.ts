import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { isLifecircleError } from '@lifecircle/shared';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';

test('a hash verifies its own password and no other', async () => {
  const hash = await hashPassword('correct horse 42', { logN: 10 });
  assert.equal(await verifyPassword('correct horse 42', hash), true);
  assert.equal(await verifyPassword('correct horse 43', hash), false);
});

test('hashes are scrypt$N$r$p$salt$hash with a fresh salt, and the default cost is 2^15', async () => {
  const hash = await hashPassword('abcdefghij1');
  const parts = hash.split('$');
  assert.deepEqual(parts.slice(0, 4), ['scrypt', String(2 ** 15), '8', '1']);
  assert.notEqual(await hashPassword('abcdefghij1', { logN: 10 }), await hashPassword('abcdefghij1', { logN: 10 }));
});

test('the stored key equals node:crypto scryptSync of the same salt and parameters', async () => {
  const hash = await hashPassword('reference123', { logN: 10 });
  const [, n, r, p, salt, key] = hash.split('$');
  const expected = scryptSync('reference123', Buffer.from(salt!, 'base64'), 32, { N: Number(n), r: Number(r), p: Number(p) });
  assert.equal(key, expected.toString('base64'));
});

test('malformed hashes never verify', async () => {
  for (const stored of ['', 'plain', 'scrypt$1024$8$1$c2FsdA==$', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$c2FsdA==$a2V5']) {
    assert.equal(await verifyPassword('anything1234', stored), false, stored);
  }
});

test('the policy wants ten characters with letters and digits', () => {
  const weak = (password: string) => {
    try {
      checkPasswordPolicy(password);
      return false;
    } catch (error) {
      return isLifecircleError(error, 'WEAK_PASSWORD');
    }
  };
  assert.equal(weak('short1'), true);
  assert.equal(weak('onlyletterslong'), true);
  assert.equal(weak('1234567890123'), true);
  assert.equal(weak('letters12345'), false);
  assert.equal(weak('街道办事处密码很长的12'), false);
});
