import { screen, within } from '@testing-library/react';
import { fakeAirflowApi } from '../../testing/fakeAirflowApi';
import { dataProd, legacyEtl } from '../../testing/fixtures';
import { renderWithAirflow } from '../../__testUtils__/renderWithAirflow';
import { AirflowOverviewPage } from '../Overview/AirflowOverviewPage';

/** No automatic refresh: a slow test must not see a second call. */
const NO_REFRESH_MS = 24 * 60 * 60 * 1000;

describe('missing DAGs on the ops overview', () => {
  it('counts, per environment, the DAGs bound in the catalog that Airflow does not list', async () => {
    const listEnvironments = jest.fn(async () => ({
      environments: [
        { ...dataProd, missingDagCount: 1 },
        // Not counted (e.g. unreachable): nothing is shown.
        legacyEtl,
      ],
    }));
    await renderWithAirflow(
      <AirflowOverviewPage refreshIntervalMs={NO_REFRESH_MS} />,
      { api: fakeAirflowApi({ listEnvironments }) },
    );
    const prod = await screen.findByTestId('environment-data-prod');
    expect(
      within(prod).getByLabelText('1 missing DAGs in data-prod'),
    ).toHaveTextContent('1 DAG bound in the catalog is missing in Airflow');
    const legacy = screen.getByTestId('environment-legacy-etl');
    expect(within(legacy).queryByLabelText(/missing DAGs/)).toBeNull();
  });
});
