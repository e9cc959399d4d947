/**
 * The layers of `src/` point down only (issue 10):
 *
 *   domain ← ports ← config ← infra ← presentation ← modules ← app ← entry points ← demo
 *
 * - domain: pure rules and data (`src/domain`, and the `Lang` word in `src/i18n/lang.ts`);
 * - ports: the interfaces infra implements (`src/infra/**\/*.port.ts`), which own the types their
 *   configuration names (`SourceDefinition`, `RetryPolicy`), so config can read into them;
 * - config: loading and validating the settings;
 * - infra: the ports' drivers, stores, adapters;
 * - presentation: wording, formats, HTML mail, exports, the chart (`src/presentation`, the other
 *   files of `src/i18n`); it may read infra's types but never call infra, so it imports infra
 *   with `import type` only — whatever data it needs is passed in;
 * - modules: the Nest modules, controllers, services, jobs;
 * - app: the composition of the services;
 * - entry points: the API (`main.ts`), the worker (`worker.ts`), the CLI (`cli.ts`, `cli/`);
 * - demo: `dunghan demo`, which starts the API; the CLI loads it lazily (the one allowed arrow up).
 *
 * Run: `npm run build --silent && node dist/scripts/check-layers.js` (exit 1 on an arrow up);
 * `test/unit/layers.test.ts` runs it over `src/` with every test run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const LAYERS = [
  'domain',
  'ports',
  'config',
  'infra',
  'presentation',
  'modules',
  'app',
  'entry',
  'demo',
] as const;
export type Layer = (typeof LAYERS)[number];

/** The layer of a file, from its path relative to the project root (`src/...`); null: unplaced. */
export function layerOf(file: string): Layer | null {
  const f = file.split(sep).join('/');
  if (f === 'src/i18n/lang.ts' || f.startsWith('src/domain/')) return 'domain';
  if (f.startsWith('src/infra/') && f.endsWith('.port.ts')) return 'ports';
  if (f.startsWith('src/config/')) return 'config';
  if (f.startsWith('src/infra/')) return 'infra';
  if (f.startsWith('src/presentation/') || f.startsWith('src/i18n/')) return 'presentation';
  if (f.startsWith('src/modules/')) return 'modules';
  if (f.startsWith('src/app/')) return 'app';
  if (['src/main.ts', 'src/worker.ts', 'src/cli.ts'].includes(f) || f.startsWith('src/cli/')) return 'entry';
  if (f.startsWith('src/demo/')) return 'demo';
  return null;
}

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
  dynamic: boolean;
}

/**
 * Arrows up still waiting for their fix elsewhere, each with the reason; `from -> to`. Empty: the
 * one composition (Nest DI) removed the modules' reach up into the AppContext bag. A new entry
 * needs a reason and an issue; the check names entries that have gone stale.
 */
export const PENDING: Record<string, string> = {};

/** The one allowed arrow up: the CLI program (src/cli/program.ts) loads the demo only when `dunghan demo` runs. */
function allowedUp(e: ImportEdge): boolean {
  return e.dynamic && e.from === 'src/cli/program.ts' && e.to.startsWith('src/demo/');
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every relative import of a file: static, re-export, dynamic `import()`, `import('…').T`. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean) => {
    if (!specifier.startsWith('.')) return;
    const target = normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts')))
      .split(sep)
      .join('/');
    edges.push({ from: file.split(sep).join('/'), to: target, typeOnly, dynamic });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, false);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false, true);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

export interface LayerReport {
  /** Arrows up that nothing excuses: each fails the check. */
  violations: string[];
  /** Arrows up listed in PENDING and still present. */
  pending: string[];
  /** PENDING entries no longer present: delete them. */
  stale: string[];
  /** Files in no layer: place them in `layerOf`. */
  unplaced: string[];
}

/** Checks every `*.ts` under `<root>/src`. */
export function checkLayers(root: string): LayerReport {
  const files = sourceFiles(join(root, 'src')).map((f) => relative(root, f).split(sep).join('/'));
  const report: LayerReport = { violations: [], pending: [], stale: [], unplaced: [] };
  const seen = new Set<string>();
  for (const file of files.sort()) {
    const from = layerOf(file);
    if (from === null) {
      report.unplaced.push(file);
      continue;
    }
    for (const edge of importsOf(root, file)) {
      const to = layerOf(edge.to);
      if (to === null || edge.to === file) continue;
      const up = LAYERS.indexOf(to) > LAYERS.indexOf(from);
      // Presentation reads infra's types (a stored snapshot's shape) but never calls infra.
      const callsInfra = from === 'presentation' && to === 'infra' && !edge.typeOnly;
      if (!up && !callsInfra) continue;
      if (allowedUp(edge)) continue;
      const arrow = `${edge.from} -> ${edge.to}`;
      if (seen.has(arrow)) continue;
      seen.add(arrow);
      if (arrow in PENDING) report.pending.push(arrow);
      else
        report.violations.push(
          callsInfra
            ? `${arrow} (presentation may import infra with \`import type\` only)`
            : `${arrow} (${from} must not import ${to})`,
        );
    }
  }
  report.stale = Object.keys(PENDING).filter((arrow) => !seen.has(arrow));
  return report;
}

function main(): number {
  const report = checkLayers(process.cwd());
  for (const v of report.violations) console.error(`arrow up: ${v}`);
  for (const f of report.unplaced) console.error(`in no layer: ${f} (place it in scripts/check-layers.ts)`);
  if (report.pending.length > 0)
    console.log(`${report.pending.length} arrow(s) up still pending (PENDING in scripts/check-layers.ts)`);
  for (const s of report.stale) console.log(`no longer present, remove from PENDING: ${s}`);
  const failed = report.violations.length + report.unplaced.length;
  if (failed === 0) console.log('layers: every import points down');
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
