import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { collectionPage } from '../responses';
import { problem } from './errors';
import { isResponse, paging } from './request';
import { importErrorV1 } from './serialize';

/** `GET /api/v1/importErrors`: paged, in the order the files failed to parse. */
export const listImportErrors =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    return collectionPage('import_errors', env.store.importErrors, p, rec =>
      importErrorV1(rec),
    );
  };

export const getImportError =
  (env: SimEnv): Handler =>
  ctx => {
    const rec = env.store.importErrors.find(
      e => String(e.id) === ctx.params.import_error_id,
    );
    return rec
      ? { status: 200, body: importErrorV1(rec) }
      : problem(404, 'Import error not found');
  };
