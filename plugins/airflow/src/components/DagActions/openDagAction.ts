import { createContext, useContext } from 'react';
import type { OpenDagAction } from './types';

/** Set by DagActionsProvider; absent outside it. */
export const OpenDagActionContext = createContext<OpenDagAction | undefined>(
  undefined,
);

/**
 * Opens the detail, trigger or pause dialog of a DAG. Rows and the detail
 * drawer call it; DagActionsProvider renders what it opens.
 */
export function useOpenDagAction(): OpenDagAction {
  const open = useContext(OpenDagActionContext);
  if (!open) {
    throw new Error('useOpenDagAction needs a DagActionsProvider above it');
  }
  return open;
}
