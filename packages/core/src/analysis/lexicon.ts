/** Word lists the classifier matches against, lower-case, built once. */

/** Softeners and hedges: their removal or addition is a tone change. */
export const HEDGES: ReadonlySet<string> = new Set([
  'maybe', 'perhaps', 'possibly', 'probably', 'might', 'think', 'believe', 'guess', 'seems', 'seem',
  'apparently', 'hopefully', 'somewhat', 'fairly', 'just', 'likely', 'arguably', 'presumably',
  'sorry', 'apologies', 'apologize', 'apologise', 'unfortunately', 'afraid',
]);

/** Markers of a formal register. */
export const FORMAL: ReadonlySet<string> = new Set([
  'dear', 'regards', 'sincerely', 'kindly', 'please', 'respectfully', 'furthermore', 'therefore',
  'however', 'additionally', 'moreover', 'mr', 'ms', 'mrs', 'dr', 'would', 'could', 'appreciate',
  'assist', 'inquiry', 'regarding', 'shall',
]);

/** Markers of a casual register (contractions are detected separately). */
export const INFORMAL: ReadonlySet<string> = new Set([
  'hey', 'hiya', 'yeah', 'yep', 'nope', 'cool', 'awesome', 'gonna', 'wanna', 'gotta', 'cheers',
  'thanks', 'thx', 'lol', 'btw', 'ok', 'okay', 'folks', 'guys', 'super', 'totally', 'stuff', '!',
]);

/** Words that sequence steps of a procedure. */
export const SEQUENCING: ReadonlySet<string> = new Set([
  'first', 'firstly', 'then', 'next', 'finally', 'afterwards', 'after', 'before', 'step', 'steps',
  'second', 'third', 'lastly', 'once', 'until', 'ensure', 'verify', 'confirm', 'restart', 'run',
  'install', 'click', 'open', 'navigate', 'select', 'enter',
]);

/** Capitalised words that start sentences too often to count as proper names. */
export const COMMON_CAPITALISED: ReadonlySet<string> = new Set([
  'I', 'The', 'A', 'An', 'We', 'You', 'It', 'This', 'That', 'Our', 'Your', 'Please', 'Thanks',
  'Hi', 'Hello', 'Hey', 'Dear', 'If', 'Let', 'Best', 'Regards', 'Sorry', 'Unfortunately', 'Yes', 'No',
  'Mr', 'Ms', 'Mrs', 'Dr', 'Kind', 'Thank',
]);
