export { BackfillsPanel } from './BackfillsPanel';
