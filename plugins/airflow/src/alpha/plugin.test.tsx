import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ordersService, teamData } from '../testing/fixtures';
import {
  airflowAuditSubPage,
  airflowEnvironmentsSubPage,
  airflowOverviewPage,
  entityAirflowContent,
} from './extensions';
import { airflowPlugin } from './plugin';

describe('airflow frontend plugin', () => {
  it('has the airflow plugin id', () => {
    expect(airflowPlugin.id).toBe('airflow');
  });

  it('mounts the page at /airflow with environments and audit tabs', () => {
    const page = createExtensionTester(airflowOverviewPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/airflow');
    expect(page.get(coreExtensionData.title)).toBe('Airflow');
    expect(
      createExtensionTester(airflowEnvironmentsSubPage).get(
        coreExtensionData.routePath,
      ),
    ).toBe('environments');
    const audit = createExtensionTester(airflowAuditSubPage);
    expect(audit.get(coreExtensionData.routePath)).toBe('audit');
    expect(audit.get(coreExtensionData.title)).toBe('Audit');
  });

  it('shows the entity tab only for bound entities and groups', () => {
    const filter = createExtensionTester(entityAirflowContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const unbound = { ...ordersService, metadata: { name: 'web-storefront' } };
    expect(filter?.(ordersService)).toBe(true);
    expect(filter?.(teamData)).toBe(true);
    expect(filter?.(unbound)).toBe(false);
  });
});
