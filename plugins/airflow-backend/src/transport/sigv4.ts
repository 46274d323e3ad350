import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialsProvider } from './awsCredentials';

/** The signing name of Amazon MWAA (botocore `signingName`, Smithy `aws.auth#sigv4`). */
export const MWAA_SIGNING_SERVICE = 'airflow';

/**
 * Signs a JSON POST with SigV4 and returns the headers to send. The `Host`
 * header is signed but left out of the result: fetch sets the same value
 * from the URL and refuses to have it overridden.
 */
export async function signJsonPost(
  url: URL,
  body: string,
  options: { region: string; credentials: AwsCredentialsProvider },
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: MWAA_SIGNING_SERVICE,
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers: {
      host: url.host,
      'content-type': 'application/json',
    },
    body,
  });
  const signed = await signer.sign(request);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() !== 'host') headers[name] = value;
  }
  return headers;
}
