import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export interface CompressedSize {
  raw: number;
  gzip: number;
  brotli: number;
}

/** gzip -9 and brotli q11: what a CDN or nginx would serve at best. */
export function compressedSize(bytes: Uint8Array): CompressedSize {
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

export function sumSizes(sizes: readonly CompressedSize[]): CompressedSize {
  return sizes.reduce(
    (total, size) => ({ raw: total.raw + size.raw, gzip: total.gzip + size.gzip, brotli: total.brotli + size.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
}
