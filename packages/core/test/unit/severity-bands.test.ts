import { analyzeCorrection } from '../../src/analysis/analyze';
import { NCD_MIN_CODE_POINTS } from '../../src/analysis/compression';
import { severityFor } from '../../src/analysis/severity';
import type { Severity } from '../../src/analysis/types';

const REFUND =
  "Hi Sarah, thanks for reaching out about the billing issue on your account. I think the duplicate charge of $49.00 on March 3 was probably caused by a retry in our payment system. I've issued a refund, which should appear within 5-7 business days. Let me know if there's anything else I can help with!";
const OUTREACH =
  'Hi Marcus, I noticed Acme Logistics just opened a second warehouse in Rotterdam. Teams at that stage often struggle to keep inventory counts in sync across sites. Would you be open to a 20-minute call next Tuesday to see how Stockwise handles multi-site counts? Happy to share a short case study first.';
const CODE_REVIEW =
  'The retry loop in fetchOrders swallows the last error, so callers never learn why the request failed. Rethrow the final error after the third attempt, and add a test that stubs the client to fail three times and asserts the rejection message. Also rename `res` to `response` for readability.';
const OUTAGE =
  'We are currently investigating reports of slow page loads on the dashboard. Our engineers have identified a database replica that fell behind and are rebuilding it now. Data is safe and no action is needed on your side. We will post another update within 30 minutes or sooner if the situation changes.';

// About 1,800 characters: even a one-word edit stays above 0.02 in the raw NCD, as in the Python SDK.
const HANDBOOK = [
  'Welcome to the support team handbook. This page explains how we triage incoming tickets, how we',
  'escalate incidents, and how we write replies that customers actually want to read. Every ticket is',
  'first tagged by product area and urgency. Billing questions go to the finance queue, login problems',
  'go to the identity queue, and anything mentioning data loss is escalated to the on-call engineer',
  'straight away, even at night. When you reply, lead with the answer, then the explanation, then the',
  'next step the customer should take. Avoid internal jargon such as shard names or build numbers',
  'unless the customer used them first. If a fix needs a deploy, give a realistic window rather than',
  'a promise, and set a reminder to follow up when the window closes. Refunds under fifty dollars can',
  'be issued without approval; anything larger needs a lead to sign off in the finance channel. When a',
  'customer is upset, acknowledge the impact in one sentence before moving on to what we are doing',
  'about it. Do not copy the whole thread into an escalation: summarise what happened, what was tried,',
  'and what the customer is waiting for. Close a ticket only after the customer confirms the fix or',
  'after five days without a reply, and always leave a short internal note for whoever reads it next.',
  'Finally, keep macros up to date: if you find yourself editing the same macro twice in one week,',
  'propose a change to it in the weekly review so the whole team benefits from the improvement.',
].join(' ');

interface Row {
  name: string;
  draft: string;
  final: string;
  severity: Severity;
}

const rows: Row[] = [
  // Each label is the one the Python SDK's compute_diff gives the same pair (difflib + zlib level 9,
  // computed with CPython 3.11 / zlib 1.2.13); the parity fixture test covers 120 more pairs.
  { name: 'handbook: one typo fixed', draft: HANDBOOK, final: HANDBOOK.replace('summarise', 'summarize'), severity: 'minor' },
  { name: 'handbook: comma added', draft: HANDBOOK, final: HANDBOOK.replace('Finally, keep', 'Finally, please keep'), severity: 'minor' },
  { name: 'handbook: trailing space', draft: HANDBOOK, final: `${HANDBOOK} `, severity: 'minor' },
  { name: 'handbook: one word swapped', draft: HANDBOOK, final: HANDBOOK.replace('realistic window', 'honest window'), severity: 'minor' },
  { name: 'short: long ticket id, one char', draft: 'Ticket ORD-2024-000000012345 resolved and closed by the billing team today', final: 'Ticket ORD-2024-000000012345 resolved and closed by the billing team today.', severity: 'as-is' },
  { name: 'refund: name fixed', draft: REFUND, final: REFUND.replace('Sarah', 'Sara'), severity: 'minor' },
  { name: 'refund: price fixed', draft: REFUND, final: REFUND.replace('$49.00', '$59.00'), severity: 'minor' },
  { name: 'refund: phrase swapped', draft: REFUND, final: REFUND.replace('reaching out', 'contacting us'), severity: 'minor' },
  { name: 'outreach: day changed', draft: OUTREACH, final: OUTREACH.replace('Tuesday', 'Thursday'), severity: 'minor' },
  { name: 'code review: identifier quoted', draft: CODE_REVIEW, final: CODE_REVIEW.replace('fetchOrders', '`fetchOrders`'), severity: 'minor' },
  { name: 'outage: minutes changed', draft: OUTAGE, final: OUTAGE.replace('30 minutes', '45 minutes'), severity: 'minor' },
  { name: 'short: typo in a long-ish line', draft: 'Your order ships tomorow morning from the Leeds warehouse with tracking', final: 'Your order ships tomorrow morning from the Leeds warehouse with tracking', severity: 'as-is' },
  { name: 'refund: hedges removed', draft: REFUND, final: REFUND.replace('I think the', 'The').replace('was probably caused', 'was caused'), severity: 'moderate' },
  { name: 'refund: more formal', draft: REFUND, final: REFUND.replace('Hi Sarah', 'Dear Ms. Smith').replace("Let me know if there's anything else I can help with!", 'Please do not hesitate to contact us should you require further assistance.'), severity: 'moderate' },
  { name: 'refund: steps appended', draft: REFUND, final: `${REFUND}\n\nTo check the refund:\n1. Open Billing > History.\n2. Find the March 3 charge.\n3. Confirm it shows Refunded.`, severity: 'moderate' },
  { name: 'outreach: ask softened and case study dropped', draft: OUTREACH, final: OUTREACH.replace(' Happy to share a short case study first.', '').replace('Would you be open to a 20-minute call next Tuesday', 'Could we find 20 minutes next week'), severity: 'moderate' },
  { name: 'code review: extra request', draft: CODE_REVIEW, final: `${CODE_REVIEW} Please also log the attempt number at debug level.`, severity: 'moderate' },
  { name: 'short: one word in a short reply', draft: 'Thanks, I will send the invoice today.', final: 'Thanks, I will send the invoice tomorrow.', severity: 'moderate' },
  { name: 'short: greeting swapped', draft: 'Hey Tom, the build is green now.', final: 'Hi Tom, the build is green now.', severity: 'minor' },
  { name: 'refund: rewritten shorter', draft: REFUND, final: 'Dear Ms. Smith, we have refunded the duplicate $49.00 charge from March 3. Expect it within 5-7 business days. Regards, Support', severity: 'major' },
  { name: 'refund: cut to one line', draft: REFUND, final: "Hi Sarah, I've issued a refund for the duplicate charge.", severity: 'major' },
  { name: 'outreach: rewritten around a new angle', draft: OUTREACH, final: 'Hi Marcus, congratulations on the Rotterdam opening. We help logistics teams like Acme keep counts in sync across sites; a 2-page case study from a similar rollout is attached. Worth a quick look?', severity: 'major' },
  { name: 'outage: resolved update', draft: OUTAGE, final: 'The dashboard is fast again: the lagging database replica has been rebuilt and is back in service. Data was never at risk and no action is needed on your side. Thank you for your patience.', severity: 'major' },
  { name: 'short: reply replaced', draft: 'Sure, I can help with that refund.', final: 'Refunds need a manager; I have asked one to reply.', severity: 'discarded' },
  { name: 'short: status flipped', draft: 'Deploy finished without errors.', final: 'Deploy failed: migration timed out.', severity: 'major' },
  { name: 'refund replaced by an unrelated answer', draft: REFUND, final: 'The deployment failed because the migration script timed out on the users table; rerun it with a higher statement_timeout.', severity: 'discarded' },
  { name: 'code review replaced by a sales note', draft: CODE_REVIEW, final: 'Quarterly pricing for the enterprise tier is attached, valid until June.', severity: 'discarded' },
  { name: 'draft emptied', draft: OUTAGE, final: '', severity: 'discarded' },
  { name: 'short: nothing shared', draft: 'Yes.', final: 'No way.', severity: 'discarded' },
  { name: 'short: written from nothing', draft: '', final: 'Escalated to tier 2.', severity: 'discarded' },
  { name: 'short: different language', draft: 'Merci beaucoup !', final: 'Thank you.', severity: 'major' },
];

describe('severity bands (SPEC §5.3)', () => {
  it.each(rows)('$name → $severity', ({ draft, final, severity }) => {
    const analysis = analyzeCorrection(draft, final);
    expect(analysis.severity).toBe(severity);
    expect(severityFor(analysis.compressionDistance)).toBe(severity);
  });

  it('covers every band on both sides of the NCD threshold', () => {
    const bands = new Set(rows.map((r) => r.severity));
    expect([...bands].sort()).toEqual(['as-is', 'discarded', 'major', 'minor', 'moderate']);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const below = rows.filter((r) => r.draft.length + r.final.length < NCD_MIN_CODE_POINTS);
    const above = rows.filter((r) => r.draft.length + r.final.length >= NCD_MIN_CODE_POINTS);
    expect(below.length).toBeGreaterThanOrEqual(5);
    expect(above.length).toBeGreaterThanOrEqual(5);
  });

  it('uses the edit distance below 200 characters and NCD at or above', () => {
    const short = analyzeCorrection('Thanks, I will send the invoice today.', 'Thanks, I will send the invoice tomorrow.');
    expect(short.compressionDistance).toBe(short.editDistance);
    const long = analyzeCorrection(REFUND, REFUND.replace('Sarah', 'Sara'));
    expect(long.compressionDistance).not.toBe(long.editDistance);
  });

  it.each([
    [0, 'as-is'],
    [0.0199, 'as-is'],
    [0.02, 'minor'],
    [0.0999, 'minor'],
    [0.1, 'moderate'],
    [0.2999, 'moderate'],
    [0.3, 'major'],
    [0.7999, 'major'],
    [0.8, 'discarded'],
    [1, 'discarded'],
  ] as const)('band edge %p → %s', (distance, severity) => {
    expect(severityFor(distance)).toBe(severity);
  });
});
