import { randomUUID } from 'crypto';
import { HttpResponse } from '../http/types';

/** An MWAA (restJson1) error: the code travels in `x-amzn-errortype`. */
export function awsError(
  status: number,
  code: string,
  body: Record<string, unknown>,
): HttpResponse {
  return {
    status,
    body,
    headers: { 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID() },
  };
}

export const accessDenied = (message: string) =>
  awsError(403, 'AccessDeniedException', { Message: message });
export const validation = (message: string) =>
  awsError(400, 'ValidationException', { message });
export const notFound = (message: string) =>
  awsError(404, 'ResourceNotFoundException', { message });
export const internal = (message: string) =>
  awsError(500, 'InternalServerException', { message });

export function ok(body: unknown): HttpResponse {
  return { status: 200, body, headers: { 'x-amzn-requestid': randomUUID() } };
}
