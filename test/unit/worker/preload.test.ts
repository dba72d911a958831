import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { workflowBundlerOptions } from '../../../worker/create-worker';

const repo = resolve(__dirname, '..', '..', '..');
const workflows = join(repo, 'workflows');

/** The modules a file imports as values (not `import type`, not type-only names), resolved to repository paths without extension. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (clause?.isTypeOnly) continue;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
    const onlyTypes = named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly) && !clause?.name;
    if (onlyTypes) continue;
    const specifier = statement.moduleSpecifier.text;
    if (specifier.startsWith('.')) found.push(relative(repo, resolve(file, '..', specifier)));
  }
  return found;
}

describe("the worker's preloaded modules", () => {
  it('are exactly the domain modules the workflow code imports as values: none forgotten (each cached journey would evaluate it again), none stale', () => {
    const files = readdirSync(workflows)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(workflows, name));
    const imported = new Set(files.flatMap(valueImports).filter((path) => path.startsWith('domain/')));
    const preloaded = workflowBundlerOptions.preloadModules
      .map((path) => relative(repo, path).replace(/\.ts$/, ''))
      .filter((path) => path.startsWith('domain/'));
    expect([...imported].sort()).toEqual([...preloaded].sort());
    // And the domain's barrel is never among them: it would bring next steps and forecasts to every journey.
    expect(imported.has('domain') || imported.has('domain/index')).toBe(false);
  });
});
