import {
  airflowDagActionsServiceRef,
  type AirflowDagActionsService,
} from '@airflow-portal/plugin-airflow-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleAirflow } from './module';

describe('scaffolderModuleAirflow', () => {
  it('registers the Airflow template actions with the scaffolder', async () => {
    const added: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions: any[]) => added.push(...actions) },
        ],
      ],
      features: [
        scaffolderModuleAirflow,
        createServiceFactory({
          service: airflowDagActionsServiceRef,
          deps: {},
          factory: () => ({} as AirflowDagActionsService),
        }),
      ],
    });
    expect(added.map(a => a.id)).toEqual([
      'airflow:dag:trigger',
      'airflow:dag:pause',
      'airflow:dag:clear',
    ]);
    expect(added.every(a => a.supportsDryRun)).toBe(true);
  });
});
