import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { collectionPage, serveImportError } from '../responses';
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

export const getImportError = (env: SimEnv) =>
  serveImportError(
    env,
    () => problem(404, 'Import error not found'),
    importErrorV1,
  );
