import { checkUser, parseBasicAuth } from '../../auth/users';
import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { problem } from './errors';

/** Airflow 2's basic-auth API backend: 401 with `WWW-Authenticate: Basic` unless the user and password match. */
export function withBasic(env: SimEnv, handler: Handler): Handler {
  return ctx => {
    const creds = parseBasicAuth(ctx.req.headers.authorization);
    if (!creds || !checkUser(env.users, creds.username, creds.password)) {
      return problem(
        401,
        'Invalid credentials or missing Authorization header',
        { 'www-authenticate': 'Basic' },
      );
    }
    return handler(ctx);
  };
}
