import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The suites run in parallel on small machines: give `findBy…`/`waitFor` more
// than the default second before they give up.
configure({ asyncUtilTimeout: 5000 });
