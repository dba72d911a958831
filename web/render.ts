import { join } from 'node:path';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import type { Principal } from '../app/principal';
import { formatDate, formatDays, formatPence, humanise, pathwayLabel } from './format';

export const viewsDir = join(__dirname, 'views');
/** nhsuk-frontend's Nunjucks macros are imported as "nhsuk/components/<name>/macro.njk". */
export const nhsukDir = join(__dirname, '..', 'node_modules', 'nhsuk-frontend', 'dist');

export interface PageContext {
  principal?: Principal | null;
  csrf?: string;
  [key: string]: unknown;
}

const navigation: Record<string, Array<{ href: string; text: string }>> = {
  coordinator: [
    { href: '/caseload', text: 'My caseload' },
    { href: '/journeys/new', text: 'Open a journey' },
  ],
  approver: [{ href: '/approvals', text: 'Plans to sign off' }],
  manager: [
    { href: '/dashboard', text: 'Dashboard' },
    { href: '/approvals', text: 'Plans to sign off' },
  ],
  admin: [{ href: '/dashboard', text: 'Dashboard' }],
  person: [{ href: '/my-journey', text: 'My journey' }],
};

/** Nunjucks over our views and nhsuk-frontend's templates; every value is escaped unless marked safe. */
export function createRenderer(options: { watch?: boolean; developmentSignIn?: string } = {}) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, nhsukDir], { noCache: options.watch ?? false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('pounds', formatPence);
  env.addFilter('date', formatDate);
  env.addFilter('days', formatDays);
  env.addFilter('humanise', humanise);
  env.addFilter('pathway', pathwayLabel);

  return function render(reply: FastifyReply, view: string, context: PageContext, status = 200) {
    const principal = context.principal ?? null;
    // While anyone may sign in as anyone, every page says so.
    const html = env.render(view, {
      ...context,
      principal,
      navigation: principal ? navigation[principal.role] : [],
      currentPath: reply.request.url.split('?')[0],
      developmentSignIn: options.developmentSignIn,
    });
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
}
export type Render = ReturnType<typeof createRenderer>;
