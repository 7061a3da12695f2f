// Manifest and prompt file bytes to text: a bounded read, the size limit, strict UTF-8 with the
// position of the first bad byte, and the byte order mark some Windows editors add. Runs before the
// TOML parser sees anything.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic } from './diagnostic.js';

/** A manifest (or a prompt file) larger than this is refused: no real fleet comes close. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** `size` undefined: a bounded read found more than the limit, not how much more. */
export function tooLarge(file: string, size: number | undefined): Diagnostic {
  const what = size === undefined ? `more than ${MAX_MANIFEST_BYTES} bytes` : `${size} bytes`;
  return { file, line: 1, col: 1, message: `file is ${what}; a manifest may be at most ${MAX_MANIFEST_BYTES} bytes (1 MiB)` };
}

/** Why a file was not read: its own words, for a diagnostic. */
export class Unreadable extends Error {}

/**
 * A file's bytes, at most `max + 1` of them (one more than allowed says it is too large, whatever
 * its size claims: a device or a pipe says 0). `regularOnly`: a pipe, a device or a socket is refused
 * before any read, opened without waiting for a writer (a FIFO would hang the open).
 */
export function readUpTo(path: string, max: number, regularOnly: boolean): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (regularOnly ? constants.O_NONBLOCK : 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Unreadable('is a directory, not a file');
    if (regularOnly && !stat.isFile()) throw new Unreadable('is not a regular file (a device, a pipe or a socket)');
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= max) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, max + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629: no
 * overlongs, no surrogates, nothing past U+10FFFF), or -1. Only called once the fast native
 * decoder has refused the input, to say where.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const BOM = '\uFEFF';

/** Line and column (1-based, UTF-16 units like the TOML parser's) just past the end of `prefix`. */
function endOf(prefix: string): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = prefix.indexOf('\n'); i !== -1; i = prefix.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: prefix.length - start + 1 };
}

/**
 * Decode manifest bytes as UTF-8 text without the BOM, or say where the first NUL or malformed
 * byte stands. Columns are those the user sees: the BOM does not count.
 */
export function decodeManifest(file: string, bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  const decoded = decodeText(bytes);
  if ('text' in decoded) return decoded;
  const { line, col, what } = decoded;
  return { diagnostic: { file, line, col, message: `not a text file: ${what} (a manifest must be UTF-8 text)` } };
}

/** UTF-8 text without the BOM, or where the first NUL or malformed byte stands, and what it is. */
export function decodeText(bytes: Uint8Array): { text: string } | { line: number; col: number; what: string } {
  const nul = bytes.indexOf(0);
  let bad = -1;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(nul === -1 ? bytes : bytes.subarray(0, nul));
  } catch {
    bad = firstInvalidUtf8(nul === -1 ? bytes : bytes.subarray(0, nul));
  }
  if (bad === -1 && nul === -1) {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: text.startsWith(BOM) ? text.slice(BOM.length) : text };
  }
  const at = bad === -1 ? nul : bad;
  const prefix = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at));
  const { line, col } = endOf(prefix.startsWith(BOM) ? prefix.slice(BOM.length) : prefix);
  const what =
    bad === -1
      ? 'found a NUL byte'
      : `byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8`;
  return { line, col, what };
}
