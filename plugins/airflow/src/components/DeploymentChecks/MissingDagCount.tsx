import Typography from '@mui/material/Typography';

/**
 * How many DAG ids the catalog binds by id to the environment that Airflow
 * does not list; nothing while the backend has not counted.
 */
export function MissingDagCount(props: {
  environment: string;
  count?: number;
}) {
  const { environment, count } = props;
  if (count === undefined) {
    return null;
  }
  return (
    <Typography
      variant="body2"
      color={count > 0 ? 'warning.main' : 'text.secondary'}
      aria-label={`${count} missing DAGs in ${environment}`}
    >
      {count === 1
        ? '1 DAG bound in the catalog is missing in Airflow'
        : `${count} DAGs bound in the catalog are missing in Airflow`}
    </Typography>
  );
}
