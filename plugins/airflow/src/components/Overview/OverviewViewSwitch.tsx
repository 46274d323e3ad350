import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';

export type OverviewView = 'table' | 'cards';

/** Compact rows to scan many environments, or cards with every detail. */
export function OverviewViewSwitch(props: {
  view: OverviewView;
  onChange: (view: OverviewView) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      aria-label="View"
      value={props.view}
      onChange={(_event, view: OverviewView | null) => {
        // A click on the selected button would otherwise select nothing.
        if (view) {
          props.onChange(view);
        }
      }}
    >
      <ToggleButton value="table">Table</ToggleButton>
      <ToggleButton value="cards">Cards</ToggleButton>
    </ToggleButtonGroup>
  );
}
