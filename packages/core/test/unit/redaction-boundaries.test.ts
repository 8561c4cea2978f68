import { luhnValid } from '../../src/redaction/luhn';
import { redact } from '../../src/redaction/redact';

// The edges of each rule's extra checks (lengths, digit counts, case, the cheap gate), one input
// on each side of a boundary — written from the mutants that survived the behaviour tests.

const redacted = (text: string): boolean => redact(text).text.includes('[REDACTED:');

describe('luhnValid', () => {
  it('accepts a valid number whose doubled digits pass 9 (a doubled 9 becomes 9)', () => {
    expect(luhnValid('91')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('refuses anything that is not a digit, even when its code would make the sum a multiple of 10', () => {
    expect(luhnValid(':')).toBe(false); // ':' is '0' + 10
    expect(luhnValid('0/1')).toBe(false); // '/' is '0' − 1
    expect(luhnValid('+0')).toBe(false); // '+' is '0' − 5, doubled −10
  });
});

describe('keyword assignments: any value of 6 characters or more, a shorter one is left', () => {
  it.each([
    ['api_key=abcde', false], // 5 characters
    ['api_key=abcdef', true], // 6
    ['API_KEY=abcdef', true], // the keyword in any case
    ['password=abcde', false],
    ['password=hunter', true],
    ['PASSWORD=hunter', true],
    ['password: string', false], // a type, not a value
    ['password: ${DB_PASSWORD}', false], // a placeholder
    ['password = getenv("DB_PASSWORD")', false], // a call
    ['secret_key = settings.SECRET_KEY', false], // a property path
  ])('%s → redacted: %s', (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });
});

it('a keyword rule leaves a value an earlier rule already named (it is not renamed "secret")', () => {
  expect(redact(`token=ghp_${'a'.repeat(36)}`).text).toBe('token=[REDACTED:github_token]');
});

describe('phone digit counts', () => {
  it.each([
    ['+1 234 5678', true], // international: 8 digits
    ['+1 234 567 890 123 45', true], // 15 digits
    ['+1 234 567 890 123 456', false], // 16 digits
    ['06 1234 5678', true], // national trunk prefix: 10 digits
    ['06 123 4567', false], // 9 digits
    ['030 1234 56789', true], // 12 digits
    ['030 1234 567890', false], // 13 digits
    ['call 555 0100', true], // labelled: 7 digits
    ['call 555 010', false], // 6 digits
    ['Call me on 555 0100', true], // the label in any case
  ])('%s → redacted: %s', (text, expected) => {
    expect(redacted(text)).toBe(expected);
  });

  it('a labelled number of 16 digits that is no card is left alone (15 is the longest phone number)', () => {
    const digits = '1234567890123456';
    expect(luhnValid(digits)).toBe(false);
    expect(redacted(`call ${digits}`)).toBe(false);
    expect(redacted(`call ${digits.slice(0, 15)}`)).toBe(true);
  });
});

describe('the cheap gate lets every kind through', () => {
  it.each([
    ['a card written without separators', '4111111111111111'],
    ['a GitHub token of letters only', `ghp_${'a'.repeat(36)}`],
    ['a Slack token of letters only', 'xoxb-abcdefghijkl'],
    ['an AWS key id in capitals', 'AKIAIOSFODNN7EXAMPLE'],
  ])('%s', (_name, text) => {
    expect(redact(text).text).toMatch(/^\[REDACTED:\w+\]$/);
  });

  it('runs a vendor rule only on a text with a 16-character token run in it', () => {
    expect(redact('key-0123456789abcdef0123456789abcdef').text).toBe('[REDACTED:mailgun_key]');
    expect(redact('xoxb-12 short').text).toBe('xoxb-12 short');
  });
});
