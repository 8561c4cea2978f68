import fs from 'node:fs';
import path from 'node:path';
import { REDACTION_KINDS } from '../../src/redaction/kinds';
import { redact } from '../../src/redaction/redact';
import { REDACTION_RULES } from '../../src/redaction/rules';

/**
 * Every sample the outside review reproduced (issue 18) came back from redact() unchanged; each is
 * now replaced, named by its kind, and no piece of the secret survives next to the replacement.
 */
describe('the samples of issue 18', () => {
  it.each([
    ['PGP private key block', '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF0gZ3kBCAC7\n=ab12\n-----END PGP PRIVATE KEY BLOCK-----', 'lQOYBF0gZ3kBCAC7', 'private_key'],
    ['a password of letters', 'password: correcthorsebattery', 'correcthorsebattery', 'password'],
    ['a short password', 'password=hunter2', 'hunter2', 'password'],
    ['a quoted passphrase', 'password="correct horse battery staple"', 'horse battery', 'password'],
    ['Basic authorization', 'Authorization: Basic YWRtaW46aHVudGVyMg==', 'YWRtaW46aHVudGVyMg', 'basic_auth'],
    ['a classic GitHub token', 'Authorization: token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b', '9944b09199c62bcf', 'github_token'],
    ['an Azure account key', 'AccountName=acme;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;', 'Eby8vdM02xNOcqFl', 'azure_key'],
    ['a Slack app token', 'SLACK_APP_TOKEN=xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef', 'A0123456789', 'slack_token'],
    ['a Slack webhook', 'url: https://hooks.slack.com/services/T0AB12CD3/B0AB12CD3EF/AbCdEfGhIjKlMnOpQrStUvWx', 'AbCdEfGhIjKl', 'slack_webhook'],
    ['a GitLab token', 'GITLAB_TOKEN=glpat-AbCdEfGhIjKlMnOpQrSt', 'AbCdEfGhIjKlMnOp', 'gitlab_token'],
    ['an npm token', '//registry/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'AbCdEfGhIjKlMnOp', 'npm_token'],
    ['a Hugging Face token', 'HF_TOKEN=hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh', 'AbCdEfGhIjKlMnOp', 'huggingface_token'],
    ['a Stripe webhook secret', 'STRIPE_WEBHOOK_SECRET=whsec_AbCdEfGhIjKlMnOpQrStUvWx0123', 'AbCdEfGhIjKlMnOp', 'stripe_key'],
    ['a SendGrid key', 'SG.AbCdEfGhIjKlMnOpQrStUv.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG', 'AbCdEfGhIjKlMnOp', 'sendgrid_key'],
    ['a bare AWS secret key', 'the aws secret is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ok', 'wJalrXUtnFEMI', 'aws_secret'],
    ['a mongodb+srv URL', 'mongodb+srv://admin:pa$$w0rd!@cluster0.abcde.mongodb.net/test', 'pa$$w0rd!', 'url_credentials'],
    ['a short Bearer token', 'curl -H "Authorization: Bearer abc123"', 'abc123', 'bearer_token'],
    ['an IDN e-mail address', 'write to jörg@exämple.de today', 'jörg', 'email'],
    ['a US SSN', 'SSN 123-45-6789 on file', '6789', 'ssn'],
    ['an IBAN', 'IBAN DE89 3704 0044 0532 0130 00', '0532', 'iban'],
    ['a card written with dots', 'paid with 4111.1111.1111.1111', '1111.1111', 'card'],
    ['an unlabelled number next to "call"', '4155550100 - call me after 5', '4155550100', 'phone'],
    ['a number after "reach me"', 'reach me at 4155550100', '4155550100', 'phone'],
  ])('%s', (_name, input, secretPiece, kind) => {
    const result = redact(input);
    expect(result.text).not.toContain(secretPiece);
    expect(result.text).toContain(`[REDACTED:${kind}]`);
  });
});

describe('personal data checks', () => {
  it.each([
    ['000-12-3456', false], // area 000 is never issued
    ['666-12-3456', false],
    ['912-12-3456', false], // 900–999
    ['123-00-4567', false], // group 00
    ['123-45-0000', false], // serial 0000
    ['123-45-6789', true],
  ])('SSN %s → redacted: %s', (ssn, expected) => {
    expect(redact(`SSN ${ssn}`).text.includes('[REDACTED:ssn]')).toBe(expected);
  });

  it('an IBAN is redacted only when its mod-97 check holds', () => {
    expect(redact('IBAN DE89 3704 0044 0532 0130 00').text).toBe('IBAN [REDACTED:iban]');
    expect(redact('IBAN DE88 3704 0044 0532 0130 00').text).toBe('IBAN DE88 3704 0044 0532 0130 00');
  });

  it('a 10-digit number is a phone number only in a text about calling', () => {
    expect(redact('call me: 4155550100').text).toBe('call me: [REDACTED:phone]');
    expect(redact('invoice 4155550100 paid').text).toBe('invoice 4155550100 paid');
  });
});

it('every kind a rule can produce is listed, and documented in the sdk README', () => {
  const listed = new Set<string>(REDACTION_KINDS);
  for (const rule of REDACTION_RULES) expect(listed.has(rule.kind)).toBe(true);
  expect(new Set(REDACTION_RULES.map((rule) => rule.kind)).size).toBe(REDACTION_KINDS.length);
  const readme = fs.readFileSync(path.join(__dirname, '../../../sdk/README.md'), 'utf8');
  expect(REDACTION_KINDS.filter((kind) => !readme.includes(`\`${kind}\``))).toEqual([]);
});
