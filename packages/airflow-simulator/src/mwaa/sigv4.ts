import { createHash } from 'crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { RequestContext } from '../http/types';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const TEST_CREDENTIALS: AwsCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

function parseAmzDate(v: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function headerValue(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Checks an AWS SigV4 signature by re-signing the received request (method, raw path, query, the
 * headers listed in SignedHeaders incl. Host, body) with `@smithy/signature-v4` and comparing.
 * Returns an error message, or undefined when the signature is valid.
 */
export async function verifySigV4(
  ctx: RequestContext,
  credentials: AwsCredentials[],
  region: string,
  service = 'airflow',
): Promise<string | undefined> {
  const auth = headerValue(ctx, 'authorization');
  if (!auth) return 'Missing Authentication Token';
  const m = AUTH_RE.exec(auth.trim());
  if (!m)
    return 'Authorization header requires Credential, SignedHeaders and Signature (AWS4-HMAC-SHA256)';
  const [, keyId, day, scopeRegion, scopeService, signedHeaderList, signature] =
    m;
  const creds = credentials.find(c => c.accessKeyId === keyId);
  if (!creds) return 'The security token included in the request is invalid.';
  if (scopeRegion !== region)
    return `Credential should be scoped to a valid region, not '${scopeRegion}'.`;
  if (scopeService !== service)
    return `Credential should be scoped to correct service: '${service}'.`;
  const amzDate = headerValue(ctx, 'x-amz-date');
  const date = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!date) return 'Request is missing or has a malformed X-Amz-Date header.';
  if (!amzDate!.startsWith(day))
    return 'Credential date does not match X-Amz-Date.';
  if (Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS) {
    return `Signature expired: ${amzDate} is now earlier or later than the allowed 5 minute window.`;
  }
  const signed = signedHeaderList.split(';');
  if (!signed.includes('host')) return "'Host' must be a signed header.";
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = headerValue(ctx, name);
    if (v === undefined)
      return `Signed header '${name}' is missing from the request.`;
    headers[name] = v;
  }
  const bodyHash = createHash('sha256').update(ctx.body).digest('hex');
  const declared = headers['x-amz-content-sha256'];
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash) {
    return 'The request body does not match x-amz-content-sha256.';
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of ctx.query) {
    const prev = query[k];
    if (prev === undefined) query[k] = v;
    else query[k] = ([] as string[]).concat(prev, v);
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
    },
    region,
    service,
    sha256: Sha256,
    applyChecksum: declared !== undefined,
  });
  const request = new HttpRequest({
    method: ctx.method,
    protocol: 'http:',
    hostname: headers.host.split(':')[0],
    path: ctx.rawPath,
    query,
    headers,
    body: ctx.body.length ? ctx.body.toString('utf8') : undefined,
  });
  const resigned = await signer.sign(request, { signingDate: date });
  const expected = /Signature=([0-9a-f]{64})/.exec(
    String(resigned.headers.authorization),
  )?.[1];
  if (expected !== signature) {
    return 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.';
  }
  return undefined;
}
