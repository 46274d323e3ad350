/**
 * Test utilities of the Airflow node library: a fake inventory for the tests
 * of modules that read Airflow through `airflowInventoryServiceRef`.
 *
 * @packageDocumentation
 */
export {
  FakeAirflowInventory,
  inventoryDag,
  inventoryEnvironment,
} from './testUtils/FakeAirflowInventory';
