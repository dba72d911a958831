import { isJourneyId } from '../domain/ids';

interface LoggedRequest {
  method: string;
  id: string;
  routeOptions?: { url?: string };
  params?: unknown;
}

/**
 * The route, not the raw path: a client that puts a name or NHS number in a path must not get it into the
 * logs. An opaque journey id (a UUID) is kept, so an operator can follow one journey.
 */
const loggedPath = (req: LoggedRequest): string => {
  const route = req.routeOptions?.url;
  if (!route) return '(no route)';
  const id = (req.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && isJourneyId(id) ? route.replace(':id', id) : route;
};

/** Logs carry what happened and how long it took, never bodies, tokens, query strings or free-form paths. */
export const loggerOptions = (level: string) => ({
  level,
  redact: ['req.headers.authorization'],
  serializers: {
    req: (req: LoggedRequest) => ({ id: req.id, method: req.method, path: loggedPath(req) }),
  },
});
