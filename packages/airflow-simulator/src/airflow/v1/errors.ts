import { HttpResponse } from '../../http/types';

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', 'BadRequest'],
  401: ['Unauthorized', 'Unauthenticated'],
  403: ['Forbidden', 'PermissionDenied'],
  404: ['Not Found', 'NotFound'],
  405: ['Method Not Allowed', 'MethodNotAllowed'],
  409: ['Conflict', 'AlreadyExists'],
  429: ['Too Many Requests', 'Unknown'],
  500: ['Internal Server Error', 'Unknown'],
  502: ['Bad Gateway', 'Unknown'],
  503: ['Service Unavailable', 'Unknown'],
  504: ['Gateway Timeout', 'Unknown'],
};

/** Airflow 2's RFC 7807 `Error {type, title, status, detail}`. */
export function problem(
  status: number,
  detail: string,
  headers?: Record<string, string>,
): HttpResponse {
  const [title, section] = TITLES[status] ?? ['Error', 'Unknown'];
  return {
    status,
    headers,
    body: {
      detail,
      status,
      title,
      type: `https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/${section}`,
    },
  };
}
