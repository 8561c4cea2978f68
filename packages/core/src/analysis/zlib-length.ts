import { deflate, deflateInit2, deflateReset } from 'pako/lib/zlib/deflate.js';
import ZStream from 'pako/lib/zlib/zstream.js';

/**
 * `len(zlib.compress(data, 9))` exactly as CPython computes it (zlib 1.2.13: header, deflate stream,
 * Adler-32 trailer). Node's bundled zlib is a fork whose level-9 output differs in length on about
 * half of short texts, so it cannot give Python's figure; pako is a line-by-line port of zlib 1.2.x
 * and matches it byte for byte (shared/parity/README.md).
 *
 * `pako.deflate()` costs about 120 µs on a short text, nearly all of it allocating and zeroing a
 * fresh 256 KB state. Here one stream is kept and reset between texts, which brings a short text to
 * about the cost of Node's native `deflateSync`. A reset stream must behave exactly like a fresh one:
 * `deflateReset` re-initialises every field and table except three arrays a fresh state gets zeroed
 * by allocation, so those are zeroed here — `head` always (pako zeroes it in a JS loop; `fill` is far
 * cheaper), `window` and `prev` over the part the previous text wrote. A test compares reused and
 * fresh outputs over texts of many sizes in sequence.
 */

const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_FINISH = 4;
const Z_DEFLATED = 8;
const Z_DEFAULT_STRATEGY = 0;
// zlib.compress(data, 9) = deflateInit(level 9): 32 KiB window (15 bits), memLevel 8.
const LEVEL = 9;
const WINDOW_BITS = 15;
const MEM_LEVEL = 8;

const OUTPUT_CHUNK = 16 * 1024;
const NO_HEAD = new Uint16Array(0);

let stream: ZStream | undefined;
let output: Uint8Array;
/** How far the previous text wrote into `window` and `prev`. */
let dirtyWindow = 0;
let dirtyPrev = 0;

function openStream(): ZStream {
  const strm = new ZStream();
  const code = deflateInit2(strm, LEVEL, Z_DEFLATED, WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY);
  if (code !== Z_OK) throw new Error(`pako deflateInit2 failed (${code})`);
  output = new Uint8Array(OUTPUT_CHUNK);
  return strm;
}

/** Length of the zlib level-9 stream of `bytes` (CPython's `len(zlib.compress(bytes, 9))`). */
export function zlibLength(bytes: Uint8Array): number {
  stream ??= openStream();
  const strm = stream;
  const state = strm.state;
  if (state === null) throw new Error('pako stream has no state');
  const { head, window, prev } = state;
  window.fill(0, 0, dirtyWindow);
  prev.fill(0, 0, dirtyPrev);
  state.head = NO_HEAD; // deflateReset's own clearing loop then has nothing to do
  const reset = deflateReset(strm);
  state.head = head;
  head.fill(0);
  if (reset !== Z_OK) throw new Error(`pako deflateReset failed (${reset})`);
  dirtyWindow = Math.min(bytes.length, window.length);
  dirtyPrev = Math.min(bytes.length, prev.length);

  strm.input = bytes;
  strm.next_in = 0;
  strm.avail_in = bytes.length;
  for (;;) {
    strm.output = output;
    strm.next_out = 0;
    strm.avail_out = output.length;
    const code = deflate(strm, Z_FINISH);
    if (code === Z_STREAM_END) break;
    if (code !== Z_OK) throw new Error(`pako deflate failed (${code})`);
  }
  strm.input = null;
  return strm.total_out;
}
