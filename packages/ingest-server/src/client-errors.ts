import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Errors answered before a route runs — by Node's HTTP parser (header overflow, timeouts, garbage)
 * or by fastify's router (an over-long path parameter) — get the same `{ error }` body as every
 * other answer, and never echo the offending header or path back.
 */

function rawReply(socket: Socket, status: number, error: string): void {
  const body = JSON.stringify({ error });
  socket.write(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** fastify `clientErrorHandler`: Node's parser refused the request before fastify saw it. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') rawReply(socket, 408, 'the request was not received in time; the connection is closed');
    else if (error.code === 'HPE_HEADER_OVERFLOW') rawReply(socket, 431, 'request headers are too large');
    else rawReply(socket, 400, 'malformed HTTP request');
  }
  socket.destroy();
}

/** fastify `frameworkErrors`: the router refused the URL before a route ran. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.code(414).send({ error: `a path parameter is longer than ${MAX_PARAM_LENGTH} characters` });
    return;
  }
  reply.code(400).send({ error: error.code === 'FST_ERR_BAD_URL' ? 'the URL is malformed' : 'bad request' });
}

/** Longest path parameter (a brain id) the router accepts; fastify's default. */
export const MAX_PARAM_LENGTH = 100;
