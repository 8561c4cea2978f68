// Kept apart from fixtures.js so a child measuring RSS loads nothing but the SDK and this.
/** About 300 characters of draft + final, varied per index so lessons and NCD see real text. */
function pair(i) {
  const draft = `Hi there, thanks for reaching out about order #${1000 + i}. I think we might be able to maybe offer a partial refund, ` +
    `but I am not totally sure yet. Let me check with the team and I will get back to you soon.`;
  const final = `Hi there, thanks for reaching out about order #${1000 + i}. We will refund the full amount within 5 business days. ` +
    `You will get a confirmation e-mail today.`;
  return [draft, final];
}

module.exports = { pair };
