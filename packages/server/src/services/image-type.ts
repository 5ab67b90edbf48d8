import type { PhotoMediaType } from '@lifecircle/store';

/**
 * The image type of a file by its first bytes (its magic number), or null when it is none of the photo types:
 * JPEG starts FF D8 FF; PNG with its 8-byte signature 89 'PNG' 0D 0A 1A 0A; WebP is a RIFF container whose
 * format is 'WEBP' (bytes 8–11). A claimed content type is never trusted.
 */
export function detectImageType(bytes: Uint8Array): PhotoMediaType | null {
  const startsWith = (signature: readonly number[], offset = 0) =>
    bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** A file name as shown to people: its last path segment without control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[/\\]/).pop()!;
  // Control characters (U+0000–U+001F, U+007F) are dropped, character by character.
  const printable = [...last].filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f).join('');
  return printable.trim().slice(0, 200) || 'photo';
}
