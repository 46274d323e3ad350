import type { Router } from 'express';

/** One route handler an Express router registers, e.g. `GET /environments/:environment`. */
export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/**
 * The routes (`router.get(...)`, `router.post(...)`, …) of an Express 4
 * router, read from its stack. Middleware mounted with `router.use` is not a
 * route and is left out; routes are sorted so that two lists compare.
 */
export function registeredRoutes(router: Router): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const layer of router.stack as Layer[]) {
    if (!layer.route) {
      continue;
    }
    if (typeof layer.route.path !== 'string') {
      throw new Error(
        `Route ${String(
          layer.route.path,
        )} is not a plain path; describe it in openapi.yaml`,
      );
    }
    for (const [method, enabled] of Object.entries(layer.route.methods)) {
      if (method === '_all') {
        throw new Error(
          `router.all('${layer.route.path}') answers every method; register each method instead`,
        );
      }
      if (enabled) {
        routes.push({ method: method.toUpperCase(), path: layer.route.path });
      }
    }
  }
  return routes.sort(
    (a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method),
  );
}
