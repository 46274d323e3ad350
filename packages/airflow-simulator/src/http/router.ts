import { Handler } from './types';

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | {
      kind: 'found';
      template: string;
      handler: Handler;
      params: Record<string, string>;
    }
  | { kind: 'method_not_allowed'; template: string }
  | { kind: 'none' };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Tiny template router: `{name}` matches one path segment; literal segments win over parameters. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    this.routes.push({
      method,
      template,
      segments: template.split('/'),
      handler,
    });
    return this;
  }

  match(method: string, rawPath: string): RouteMatch {
    const parts = rawPath.split('/');
    let best:
      | { route: Route; params: Record<string, string>; literals: number }
      | undefined;
    let pathMatched: string | undefined;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i];
        if (seg.startsWith('{') && seg.endsWith('}')) {
          if (parts[i] === '') ok = false;
          else params[seg.slice(1, -1)] = decode(parts[i]);
        } else if (seg === decode(parts[i])) {
          literals++;
        } else {
          ok = false;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        pathMatched ??= route.template;
        continue;
      }
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    if (best) {
      return {
        kind: 'found',
        template: best.route.template,
        handler: best.route.handler,
        params: best.params,
      };
    }
    return pathMatched
      ? { kind: 'method_not_allowed', template: pathMatched }
      : { kind: 'none' };
  }
}
