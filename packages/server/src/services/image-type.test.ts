import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanFileName, detectImageType } from './image-type.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])));

test('JPEG, PNG and WebP are told by their first bytes; anything else is not a photo', () => {
  assert.equal(detectImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF')), 'image/jpeg');
  assert.equal(detectImageType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR')), 'image/png');
  assert.equal(detectImageType(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ')), 'image/webp');
  // A RIFF that is not WebP (a WAVE sound), a truncated PNG signature, a GIF, text, nothing.
  assert.equal(detectImageType(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')), null);
  assert.equal(detectImageType(bytes(0x89, 'PNG', 0x0d, 0x0a)), null);
  assert.equal(detectImageType(bytes('GIF89a')), null);
  assert.equal(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
  assert.equal(detectImageType(new Uint8Array(0)), null);
});

test('file names keep their last segment, without control characters', () => {
  assert.equal(cleanFileName('C:\\Users\\王\\菜场门口.jpg'), '菜场门口.jpg');
  assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
  assert.equal(cleanFileName('a\u0000b\nc.png'), 'abc.png');
  assert.equal(cleanFileName('///'), 'photo');
  assert.equal(cleanFileName('x'.repeat(300)).length, 200);
});
