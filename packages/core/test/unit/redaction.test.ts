import { luhnValid } from '../../src/redaction/luhn';
import { redact } from '../../src/redaction/redact';

describe('redact (SPEC §5.3)', () => {
  it.each([
    ['email', 'Write to jane.doe+billing@example.co.uk today', 'Write to [REDACTED:email] today'],
    ['phone', 'Call +1 (415) 555-0100 please', 'Call [REDACTED:phone] please'],
    ['phone', 'Office: 415-555-0100.', 'Office: [REDACTED:phone].'],
    ['phone', 'UK desk 020 7946 0958', 'UK desk [REDACTED:phone]'],
    ['phone', 'Mobile +44 7700 900123', 'Mobile [REDACTED:phone]'],
    ['phone', 'Portable 06 12 34 56 78', 'Portable [REDACTED:phone]'],
    ['phone', 'call me on 4155550100', 'call me on [REDACTED:phone]'],
    ['card', 'Card 4111 1111 1111 1111 on file', 'Card [REDACTED:card] on file'],
    ['card', 'Amex 3782-822463-10005', 'Amex [REDACTED:card]'],
    ['api_key', 'OPENAI sk-proj-ABCDEFGHIJKLMNOPQRSTUV1234', 'OPENAI [REDACTED:api_key]'],
    ['api_key', 'key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', 'key [REDACTED:api_key]'],
    ['api_key', 'api_key=abc123def456ghi', 'api_key=[REDACTED:api_key]'],
    ['aws_key', 'AWS AKIAIOSFODNN7EXAMPLE here', 'AWS [REDACTED:aws_key] here'],
    ['github_token', 'export GH=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'export GH=[REDACTED:github_token]'],
    ['github_token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[REDACTED:github_token]'],
    ['slack_token', 'bot xoxb-1234567890-abcdefghij', 'bot [REDACTED:slack_token]'],
    ['stripe_key', 'stripe sk_live_abcdefghijklmnop1234', 'stripe [REDACTED:stripe_key]'],
    ['google_api_key', 'maps AIzaSyA1234567890abcdefghijklmnopqrstuv', 'maps [REDACTED:google_api_key]'],
    ['jwt', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'jwt [REDACTED:jwt]'],
    ['bearer_token', 'Authorization: Bearer abcdef1234567890ghijkl', 'Authorization: Bearer [REDACTED:bearer_token]'],
    ['secret', 'token: "zz99887766aa"', 'token: "[REDACTED:secret]"'],
    ['password', 'password=hunter2024', 'password=[REDACTED:password]'],
    [
      'private_key',
      'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\ndone',
      'key:\n[REDACTED:private_key]\ndone',
    ],
  ])('redacts %s: %p', (kind, input, expected) => {
    const result = redact(input);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ [kind]: 1 });
  });

  it.each([
    ['a name ending in the keyword', 'my_service_api_key: "k3y0a1b2c3d4e5"', 'my_service_api_key: "[REDACTED:api_key]"', 'api_key'],
    ['a header name', '"x-api-key": "zz11yy22xx33ww44"', '"x-api-key": "[REDACTED:api_key]"', 'api_key'],
    ['E.164 with no separators', 'reach me at +14155550100 today', 'reach me at [REDACTED:phone] today', 'phone'],
    ['a private key cut off before its END line', 'pem:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'pem:\n[REDACTED:private_key]', 'private_key'],
  ])('redacts %s', (_name, input, expected, kind) => {
    const result = redact(input);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ [kind]: 1 });
  });

  it('leaves UUIDs, long numbers after a plus sign and keyword-like words alone', () => {
    for (const input of ['request 123e4567-e89b-12d3-a456-426614174000 failed', 'offset +1234567890123456789012', 'the tokenizer=cl100k_base setting']) {
      expect(redact(input).text).toBe(input);
    }
  });

  it('replaces cards only when the Luhn checksum holds', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(redact('Card 4111 1111 1111 1112 declined').text).toBe('Card 4111 1111 1111 1112 declined');
    expect(redact('Card 4242-4242-4242-4242 ok').text).toBe('Card [REDACTED:card] ok');
  });

  it.each([
    'In 2024 we shipped v1.2.3 and v10.20.300.',
    'The plan costs $1,299.00 per year, or €49.99 a month.',
    'Order #12345 and ticket 987654321 were merged on 2024-05-01 at 10:30.',
    'Dates like 03.05.2024, 05/12/2024 and 2024/05/12 stay.',
    'Server 192.168.1.10 listens on port 8080; build 20240501-0042 passed.',
    'Set max_tokens: 4096 and tokenizer=cl100k with temperature 0.7.',
    'Our key insight: secrets stay secret. The token was expired.',
    'Invoice 12345678901234567890 (20 digits) is not a card.',
  ])('leaves ordinary text and numbers alone: %p', (input) => {
    const result = redact(input);
    expect(result.text).toBe(input);
    expect(result.counts).toEqual({});
  });

  it('handles several secrets in one text and counts each kind', () => {
    const input =
      'Customer bob@example.com (phone +1 415 555 0100, alt 415.555.0199) paid with 4111-1111-1111-1111; ' +
      'our key sk-proj-ABCDEFGHIJKLMNOPQRSTUV1234 and AKIAIOSFODNN7EXAMPLE leaked, cc alice@example.org.';
    const result = redact(input);
    expect(result.counts).toEqual({ email: 2, phone: 2, card: 1, api_key: 1, aws_key: 1 });
    expect(result.text).not.toMatch(/example\.(com|org)|555|4111|sk-proj|AKIA/);
    expect(result.text).toContain('[REDACTED:email]');
  });

  it('returns plain text untouched through the fast path', () => {
    const input = 'Thanks for the update, I will look into it this afternoon.';
    expect(redact(input)).toEqual({ text: input, counts: {} });
    expect(redact('')).toEqual({ text: '', counts: {} });
  });

  it('stays linear on long runs without separators', () => {
    const input = `${'a'.repeat(50_000)} ${'1'.repeat(50_000)}`;
    expect(redact(input).text).toBe(input);
  });
});
