import { Link } from '@backstage/core-components';
import type { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';

/**
 * The fields of an `airflow-dag` document beyond title, text and location
 * (see @airflow-portal/plugin-search-backend-module-airflow).
 */
interface AirflowDagFields {
  dagId?: string;
  environment?: string;
  entityTitle?: string;
  tags?: string[];
  isPaused?: boolean;
}

/**
 * A DAG found by search: its name, linking to the Airflow tab of the entity
 * that shows it, its description, and where it runs.
 */
export function AirflowDagSearchResultListItem(
  props: BaseSearchResultListItemProps,
) {
  const { result, icon, rank: _rank, ...listItemProps } = props;
  if (!result) {
    return null;
  }
  const dag = result as typeof result & AirflowDagFields;
  return (
    <ListItem alignItems="flex-start" divider {...listItemProps}>
      {icon && <ListItemIcon>{icon}</ListItemIcon>}
      <Box flexWrap="wrap">
        <ListItemText
          primaryTypographyProps={{ variant: 'h6' }}
          primary={<Link to={result.location}>{result.title}</Link>}
          secondary={result.text}
        />
        <Box>
          {dag.entityTitle && (
            <Chip label={`Shown on: ${dag.entityTitle}`} size="small" />
          )}
          {dag.environment && (
            <Chip label={`Environment: ${dag.environment}`} size="small" />
          )}
          {dag.isPaused && <Chip label="Paused" size="small" />}
          {(dag.tags ?? []).map(tag => (
            <Chip key={tag} label={tag} size="small" variant="outlined" />
          ))}
        </Box>
      </Box>
    </ListItem>
  );
}
