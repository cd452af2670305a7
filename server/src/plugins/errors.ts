import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { databaseFault } from '../db/faults.js';
import { AppError, type ErrorCode } from '../shared/errors.js';

/** Retry-After on DATABASE_UNAVAILABLE: a PostgreSQL restart takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

interface ErrorReply {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

function send(reply: FastifyReply, status: number, body: ErrorReply, retryAfter?: number) {
  if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    message: 'The request says it is JSON but the body is empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'The request body is too large.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The Content-Length is wrong.',
  },
};

/**
 * Router errors, which Fastify raises before any route or hook runs (its own reply would echo the path).
 * Passed to Fastify as `frameworkErrors`.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 414, {
      error: { code: 'URI_TOO_LONG', message: 'A part of the request path is too long.' },
    });
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    return send(reply, 400, {
      error: { code: 'BAD_URL', message: 'The request path is not valid (check its percent-encoding).' },
    });
  }
  return send(reply, 400, { error: { code: 'BAD_REQUEST', message: 'The request is not valid.' } });
}

const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'The request took too long to arrive.',
  },
};

/**
 * HTTP-parser errors (431, a bad Content-Length, a malformed request line): Node raises them on the socket,
 * before Fastify sees a request. Passed to Fastify as `clientErrorHandler`; the answer has the one error
 * shape and echoes nothing of the request.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (err.code && CLIENT_ERRORS[err.code]) || {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP.',
  };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

// An unknown field is named back only when its name is a plain identifier: a key is part of the request, and
// an error never echoes the request (a 1 000-character or SQL-looking key came back verbatim before).
const PLAIN_KEY = /^[A-Za-z0-9_-]{1,40}$/;

function issueMessage(v: { keyword?: string; message?: string; params?: Record<string, unknown> }): string {
  const keys = v.params?.keys;
  if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
    const plain = keys.filter((k): k is string => typeof k === 'string' && PLAIN_KEY.test(k));
    if (plain.length < keys.length) {
      const hidden = keys.length - plain.length;
      const named = plain.map((k) => `"${k}"`).join(', ');
      const more = `${hidden} unknown field${hidden === 1 ? '' : 's'} (name not shown)`;
      return named ? `Unrecognized keys: ${named}, and ${more}` : `Unrecognized keys: ${more}`;
    }
  }
  return v.message ?? 'is invalid';
}

/**
 * One handler maps every failure to `{ error: { code, message, details } }`. A 5xx never leaks a stack or
 * SQL: it is logged with the request id, and the id is returned so a report can be matched to the log.
 */
export const errorsPlugin = fp(async (app) => {
  // A NUL is never part of an id, a handle, a cursor or a filter, and PostgreSQL cannot take one in text (it
  // answered 500; found by the API fuzz suite): refused before validation, the same on both databases. Body
  // text is each field's business (normalised or refused by its schema).
  app.addHook('preValidation', async (req) => {
    for (const [where, part] of [
      ['params', req.params],
      ['querystring', req.query],
    ] as const) {
      if (part === null || typeof part !== 'object') continue;
      for (const [key, value] of Object.entries(part as Record<string, unknown>)) {
        const values = Array.isArray(value) ? value : [value];
        if (key.includes('\u0000') || values.some((v) => typeof v === 'string' && v.includes('\u0000'))) {
          const path = PLAIN_KEY.test(key) ? `${where}.${key}` : where;
          const message = 'may not contain the NUL character (U+0000)';
          throw new AppError(400, 'VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
        }
      }
    }
  });
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      // A draining process refusing work is expected, not an error worth a stack (plugins/shutdown.ts).
      if (err.status >= 500 && err.code !== 'SHUTTING_DOWN') req.log.error({ err }, 'application error');
      return send(
        reply,
        err.status,
        {
          error: {
            code: err.code,
            message: err.message,
            ...(err.details !== undefined && { details: err.details }),
          },
        },
        err.retryAfterSeconds,
      );
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const details = err.validation.map((v) => ({
        path: [
          where,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        message: issueMessage(v),
      }));
      const first = details[0];
      return send(reply, 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.path}: ${first.message}` : 'The request is not valid.',
          details,
        },
      });
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return send(reply, known.status, { error: { code: known.code, message: known.message } });
    if (err.statusCode === 429) {
      return send(reply, 429, {
        error: { code: 'RATE_LIMITED', message: 'Too many requests. Slow down a little.' },
      });
    }
    if (
      err.statusCode &&
      err.statusCode >= 400 &&
      err.statusCode < 500 &&
      !isResponseSerializationError(err)
    ) {
      // Fastify's own messages may quote the request (a header, a path): never echoed.
      return send(reply, err.statusCode, {
        error: { code: 'BAD_REQUEST', message: 'The request is not valid.' },
      });
    }
    // The database going away, or its disk filling up, is not a bug: a clear answer the client can act on.
    const fault = databaseFault(err);
    if (fault === 'unavailable') {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
      return send(
        reply,
        503,
        {
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message:
              'The database cannot be reached just now. Nothing was changed; try again in a few seconds.',
            requestId: String(req.id),
          },
        },
        DATABASE_RETRY_AFTER_SECONDS,
      );
    }
    if (fault === 'full') {
      req.log.error({ err: { message: err.message, code: err.code } }, 'storage full');
      return send(reply, 507, {
        error: {
          code: 'STORAGE_FULL',
          message:
            "The server's storage is full, so this change was not saved. Reading still works; try again once there is room.",
          requestId: String(req.id),
        },
      });
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, {
      error: {
        code: 'INTERNAL',
        message:
          'Something went wrong on our side. It has been logged; quote the request id if you report it.',
        requestId: String(req.id),
      },
    });
  });
});
