import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { likeMatcher, parseOrderBy, QueryReader, sortItems } from '../query';
import { collectionPage, serveImportError } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { importErrorResponse } from './serialize';
import { detail, validationError } from './validate';

const IMPORT_ERROR_ORDER = [
  'id',
  'import_error_id',
  'timestamp',
  'filename',
  'bundle_name',
  'stacktrace',
];

/** `GET /api/v2/importErrors`: paging, `order_by`, `filename_pattern` (ILIKE). */
export const listImportErrors =
  (env: SimEnv): Handler =>
  ctx => {
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    if (q.errors.length) return validationError(q.errors);
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !IMPORT_ERROR_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    const pattern = q.str('filename_pattern');
    const match = pattern ? likeMatcher(pattern, true) : () => true;
    const rows = sortItems(
      env.store.importErrors.filter(e => match(e.filename)),
      order.length ? order : [{ field: 'id', desc: false }],
      (e, field) => {
        if (field === 'timestamp') return e.timestamp;
        if (field === 'filename') return e.filename;
        if (field === 'stacktrace') return e.stackTrace;
        return e.id;
      },
    );
    return collectionPage('import_errors', rows, { offset, limit }, rec =>
      importErrorResponse(rec),
    );
  };

export const getImportError = (env: SimEnv) =>
  serveImportError(
    env,
    id =>
      detail(
        404,
        `The ImportError with import_error_id: \`${id}\` was not found`,
      ),
    importErrorResponse,
  );
