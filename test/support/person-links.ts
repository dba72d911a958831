import type { Principal } from '../../app/principal';
import { coordinator, type ApiRequest } from './http-client';

/** A fresh personal link for the journey's person, made through the API as a coordinator of its team: its path, `/p?t=...`. */
export async function personLinkPath(request: ApiRequest, journeyId: string, as: Principal = coordinator): Promise<string> {
  const made = await request('POST', `/api/journeys/${journeyId}/person-links`, { as });
  if (made.status !== 201) throw new Error(`no personal link: ${made.status} ${JSON.stringify(made.body)}`);
  const url = new URL(made.body.url as string);
  return `${url.pathname}${url.search}`;
}
