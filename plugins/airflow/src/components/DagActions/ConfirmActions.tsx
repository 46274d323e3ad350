import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';

/** Cancel and confirm, the closing row of every DAG action dialog. */
export function ConfirmActions(props: {
  onCancel: () => void;
  onConfirm: () => void;
  /** While the action is under way neither button can be pressed. */
  submitting: boolean;
  /** Further reasons the action cannot be confirmed yet. */
  confirmDisabled?: boolean;
  color: 'primary' | 'warning' | 'error';
  children: React.ReactNode;
}) {
  const { onCancel, onConfirm, submitting, confirmDisabled, color } = props;
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={submitting}>
        Cancel
      </Button>
      <Button
        variant="contained"
        color={color}
        onClick={onConfirm}
        disabled={submitting || confirmDisabled}
      >
        {props.children}
      </Button>
    </DialogActions>
  );
}
