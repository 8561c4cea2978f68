/** The key of an `Authorization: Bearer <key>` header, or undefined when absent or malformed. */
export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8) return undefined;
  // The scheme is case-insensitive (RFC 7235); the key is everything after one space.
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const key = header.slice(7).trim();
  return key.length > 0 ? key : undefined;
}
