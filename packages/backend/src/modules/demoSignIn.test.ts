import { ConfigReader } from '@backstage/config';
import {
  ConfigSources,
  FileConfigSource,
  StaticConfigSource,
} from '@backstage/config-loader';
import path from 'node:path';
import { isDemoSignInAllowed } from './demoSignIn';

const root = path.resolve(__dirname, '../../../..');

/** The repository's config files, merged in order as the backend reads them. */
async function repoConfig(files: string[], extra: object = {}) {
  const sources = files.map(file =>
    FileConfigSource.create({
      path: path.join(root, file),
      watch: false,
      // The production file names its database through the environment.
      substitutionFunc: async () => 'set-by-the-deployment',
    }),
  );
  const merged = await ConfigSources.toConfig(
    ConfigSources.merge([
      ...sources,
      StaticConfigSource.create({ data: extra, context: 'override' }),
    ]),
  );
  try {
    return new ConfigReader(merged.get());
  } finally {
    merged.close();
  }
}

describe('demo sign-in', () => {
  it('is on in the default configuration, in development', async () => {
    const config = await repoConfig(['app-config.yaml']);
    expect(isDemoSignInAllowed(config, 'development')).toBe(true);
    expect(isDemoSignInAllowed(config, 'production')).toBe(false);
  });

  it('cannot be enabled with the production configuration, even when configured and in development', async () => {
    const config = await repoConfig(
      ['app-config.yaml', 'app-config.production.yaml'],
      { auth: { providers: { demo: { enabled: true } } } },
    );
    expect(config.getString('auth.environment')).toBe('production');
    expect(isDemoSignInAllowed(config, 'development')).toBe(false);
  });
});
