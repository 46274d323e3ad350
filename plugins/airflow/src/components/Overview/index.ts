export { AirflowOverviewPage } from './AirflowOverviewPage';
export { AirflowOverviewContent } from './AirflowOverviewContent';
