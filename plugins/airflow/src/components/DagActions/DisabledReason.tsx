import Tooltip from '@mui/material/Tooltip';
import type { ReactElement } from 'react';

/**
 * Shows why a control is disabled. A disabled button fires no mouse events, so
 * the tooltip listens on a wrapping span.
 */
export function DisabledReason(props: {
  reason?: string;
  children: ReactElement;
}) {
  if (!props.reason) {
    return props.children;
  }
  return (
    <Tooltip title={props.reason}>
      <span data-disabled-reason={props.reason}>{props.children}</span>
    </Tooltip>
  );
}
