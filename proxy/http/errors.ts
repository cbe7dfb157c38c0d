// The single place where failures become HTTP answers: `{ error, code, details? }` with the
// error's status and Retry-After. Anything that is not an ApiError is a bug or a body-parser
// refusal; neither shows its message or stack to the client.
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { APIError as GroqApiError } from "groq-sdk";
import { APIError as OpenAiApiError } from "openai";
import { ApiError } from "../errors.js";
import type { Logger } from "../log.js";
import { noteForLog } from "./request-log.js";

const failureCodes = new WeakMap<Response, string>();

/** The code this response was refused with, once the error handler has answered. */
export function failureCodeOf(res: Response): string | undefined {
  return failureCodes.get(res);
}

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new ApiError(404, "NOT_FOUND", "There is nothing at this address."));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const apiError = toApiError(error, logger);
    noteForLog(res, describeFailure(apiError));
    failureCodes.set(res, apiError.code);
    // A stream already under way cannot turn into a JSON answer; the stream reports its own errors.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (apiError.retryAfter !== undefined) res.setHeader("Retry-After", String(apiError.retryAfter));
    res.status(apiError.status).json({
      error: apiError.message,
      code: apiError.code,
      ...(apiError.details && { details: apiError.details }),
    });
  };
}

export function toApiError(error: unknown, logger: Logger): ApiError {
  if (error instanceof ApiError) return error;
  const bodyError = bodyParserError(error);
  if (bodyError) return bodyError;
  logger.error("unexpected error", {
    name: error instanceof Error ? error.name : typeof error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  return new ApiError(500, "INTERNAL_ERROR", "Something went wrong on our side. Please try again.", { cause: error });
}

/** The code, plus the upstream's HTTP status when there was one: enough to act on, no upstream text. */
export function describeFailure(error: ApiError): { code: string; upstreamStatus?: number } {
  const cause = error.cause;
  const upstream = cause instanceof GroqApiError || cause instanceof OpenAiApiError ? cause.status : undefined;
  return upstream !== undefined ? { code: error.code, upstreamStatus: upstream } : { code: error.code };
}

function bodyParserError(error: unknown): ApiError | undefined {
  if (typeof error !== "object" || error === null || !("type" in error) || !("status" in error)) return undefined;
  if (error.status === 413) {
    return new ApiError(413, "PAYLOAD_TOO_LARGE", "The request is too large (16 KiB at most).", { cause: error });
  }
  if (typeof error.status === "number" && error.status >= 400 && error.status < 500) {
    return new ApiError(400, "INVALID_REQUEST", "The request body is not valid JSON.", { cause: error });
  }
  return undefined;
}
