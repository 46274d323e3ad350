import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// `findBy…`/`waitFor` wait for a condition, not for a time: the budget only
// ends a test that would never pass. CI machines are shared and several
// suites run at once, so rendering can take tens of seconds: be generous.
// (The per-test budget, `testTimeout` in the root package.json, is larger.)
configure({ asyncUtilTimeout: 60_000 });
