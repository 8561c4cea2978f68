/** JSON schemas of the wire contract (SPEC §8, §10), compiled once by fastify's ajv. */

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** `POST /api/v1/ingest` body; extra properties are allowed and kept. */
export const ingestBodySchema = {
  type: 'object',
  required: ['brain_id', 'event_id', 'correction'],
  properties: {
    brain_id: nonEmptyString,
    event_id: nonEmptyString,
    correction: {
      type: 'object',
      required: ['session', 'category', 'severity', 'description', 'draft', 'final'],
      properties: {
        session: { type: 'integer', minimum: 1 },
        category: { type: 'string' },
        severity: { type: 'string' },
        description: { type: 'string' },
        draft: { type: 'string' },
        final: { type: 'string' },
      },
    },
  },
} as const;

/** `POST /api/v1/ingest` 200 reply, serialised by fast-json-stringify. */
export const ingestReplySchema = {
  200: {
    type: 'object',
    properties: { status: { type: 'string' }, deduplicated: { type: 'boolean' } },
  },
} as const;

/** `POST /api/v1/sync` body (legacy bulk sync). */
export const syncBodySchema = {
  type: 'object',
  required: ['brain_id', 'events'],
  properties: {
    brain_id: nonEmptyString,
    cursor: { type: ['string', 'number', 'null'] },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['event_id', 'type', 'created_at'],
        properties: {
          event_id: nonEmptyString,
          type: { type: 'string' },
          source: { type: ['string', 'null'] },
          tags: { type: ['array', 'null'] },
          session: { type: ['integer', 'null'] },
          created_at: { type: ['string', 'number'] },
        },
      },
    },
  },
} as const;

/** `POST /api/v1/sync` 200 reply. */
export const syncReplySchema = {
  200: {
    type: 'object',
    properties: {
      ingested_count: { type: 'integer' },
      new_watermark: { type: ['string', 'number', 'null'] },
    },
  },
} as const;

/** `GET /api/v1/brains/:brainId/corrections` params. */
export const correctionsParamsSchema = {
  type: 'object',
  required: ['brainId'],
  properties: { brainId: { type: 'string', minLength: 1 } },
} as const;

/** Most items one `POST /api/v1/ingest/batch` may carry. */
export const MAX_BATCH_ITEMS = 500;

/**
 * `POST /api/v1/ingest/batch` envelope. Only the envelope is validated here: each item is checked
 * against `ingestBodySchema` on its own, so one malformed item does not fail its neighbours.
 */
export const ingestBatchBodySchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', minItems: 1, maxItems: MAX_BATCH_ITEMS },
  },
} as const;

/** `POST /api/v1/ingest/batch` 200 reply: one result per item, in order. */
export const ingestBatchReplySchema = {
  200: {
    type: 'object',
    properties: {
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            event_id: { type: ['string', 'null'] },
            status: { type: 'integer' },
            deduplicated: { type: 'boolean' },
            error: { type: 'string' },
          },
        },
      },
    },
  },
} as const;
