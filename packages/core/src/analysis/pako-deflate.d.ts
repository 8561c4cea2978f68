// The parts of pako's zlib port (pinned 2.1.0) that `zlib-length.ts` drives directly.
declare module 'pako/lib/zlib/zstream.js' {
  class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    total_out: number;
    state: { window: Uint8Array; head: Uint16Array; prev: Uint16Array } | null;
  }
  export = ZStream;
}

declare module 'pako/lib/zlib/deflate.js' {
  import type ZStream = require('pako/lib/zlib/zstream.js');
  export function deflateInit2(strm: ZStream, level: number, method: number, windowBits: number, memLevel: number, strategy: number): number;
  export function deflateReset(strm: ZStream): number;
  export function deflate(strm: ZStream, flush: number): number;
}
