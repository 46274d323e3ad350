export { AirflowService } from './AirflowService';
export type { AirflowServiceOptions, EntityDagRef } from './AirflowService';
export { readCacheSettings, DEFAULT_CACHE_SETTINGS } from './cacheSettings';
export type { CacheSettings } from './cacheSettings';
export type { TransportFactory } from '../environments/EnvironmentRegistry';
