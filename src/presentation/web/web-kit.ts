/**
 * The pieces every page is built from: the document frame with its navigation, links that keep
 * the language, tables with headers, forms that carry the session's CSRF token, and the names
 * people read for an obligation's subject (never an internal id alone). All text is escaped here.
 */
import type { Dataset } from '../../domain/model.js';
import { isSecret } from '../../domain/model.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import type { Lang } from '../../i18n/lang.js';
import type { WebText } from '../../i18n/web-messages.js';
import { WEB_TEXT } from '../../i18n/web-messages.js';
import { escapeHtml } from '../html.js';

export type WebRole = 'admin' | 'council' | 'leader' | 'unit_head' | 'staff';

/** Who is reading, in which language, and the form token of her session (if signed in by one). */
export interface PageContext {
  lang: Lang;
  /** Null before the reader is known (a refused sign-in): no navigation. */
  role: WebRole | null;
  unitId: string | null;
  csrf: string | undefined;
  /** The page's own path (for the language switch). */
  path: string;
}

/** A message shown above the content: a done action, or a refused one naming the field. */
export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export const e = escapeHtml;

export const textOf = (ctx: { lang: Lang }): WebText => WEB_TEXT[ctx.lang];

/** A link to `path` in the reader's language (English is carried as `lang=en`). */
export function href(
  ctx: { lang: Lang },
  path: string,
  params: Record<string, string | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, v);
  if (ctx.lang === 'en') query.set('lang', 'en');
  const q = query.toString();
  return q === '' ? path : `${path}?${q}`;
}

export function link(
  ctx: { lang: Lang },
  path: string,
  text: string,
  params: Record<string, string | undefined> = {},
): string {
  return `<a href="${e(href(ctx, path, params))}">${e(text)}</a>`;
}

/** A table with a caption and column headers; `cells` are HTML already escaped. */
export function table(caption: string, head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head
    .map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}>${e(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table><caption>${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>\n${body}\n</section>`;
}

export const empty = (text: string) => `<p class="empty">${e(text)}</p>`;

/** The hidden CSRF field of a session's forms (absent for a bearer-token caller). */
export function csrfField(ctx: PageContext): string {
  return ctx.csrf === undefined ? '' : `<input type="hidden" name="_csrf" value="${e(ctx.csrf)}">`;
}

/** A POST form; `fields` are HTML already escaped. */
export function form(ctx: PageContext, action: string, fields: string, button: string, cls = ''): string {
  return `<form method="post" action="${e(href(ctx, action))}"${cls === '' ? '' : ` class="${cls}"`}>${csrfField(ctx)}${fields}<button type="submit">${e(button)}</button></form>`;
}

let fieldSeq = 0;

/** A labelled text input (or textarea when `multiline`). */
export function input(
  label: string,
  name: string,
  options: { multiline?: boolean; required?: boolean; value?: string; type?: string } = {},
): string {
  const id = `f${++fieldSeq}-${name}`;
  const req = options.required === false ? '' : ' required';
  const value = options.value ?? '';
  const control = options.multiline
    ? `<textarea id="${id}" name="${e(name)}" rows="2" maxlength="2000"${req}>${e(value)}</textarea>`
    : `<input id="${id}" name="${e(name)}" type="${options.type ?? 'text'}" value="${e(value)}"${req}>`;
  return `<label for="${id}">${e(label)}</label>${control}`;
}

export function select(label: string, name: string, choices: [string, string][], selected?: string): string {
  const id = `f${++fieldSeq}-${name}`;
  const opts = choices
    .map(([v, t]) => `<option value="${e(v)}"${v === selected ? ' selected' : ''}>${e(t)}</option>`)
    .join('');
  return `<label for="${id}">${e(label)}</label><select id="${id}" name="${e(name)}">${opts}</select>`;
}

export function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${e(name)}" value="${e(value)}">`;
}

/** What a person reads for an obligation's subject: document number and title, the week, the mailbox. */
export function subjectLabel(ob: Obligation, dataset: Dataset, lang: Lang): string {
  const t = WEB_TEXT[lang];
  const openDoc = (documentId: string | null | undefined) => {
    const doc = documentId == null ? undefined : dataset.documents.get(documentId);
    return doc === undefined || isSecret(doc) ? null : doc;
  };
  // The document's number and the task's title (else the document's subject); the id only when
  // the source gave no text at all.
  const taskLine = (taskId: string | undefined) => {
    const task = taskId === undefined ? undefined : dataset.tasks.get(taskId);
    const doc = openDoc(task?.documentId);
    const title = task?.title?.trim() || doc?.subject?.trim() || null;
    const named = [doc?.number?.trim() || null, title].filter((x) => x !== null).join(' — ');
    return named === '' ? t.unnamedTask(taskId ?? ob.subjectId) : named;
  };
  switch (ob.rule) {
    case 'plan':
      return taskLine(ob.subjectId);
    case 'staff_submission':
    case 'unit_submission':
    case 'review_rounds':
      return taskLine(dataset.drafts.get(ob.subjectId)?.taskId);
    case 'document_channel':
    case 'digital_signature': {
      const doc = dataset.documents.get(ob.subjectId);
      const open = doc !== undefined && !isSecret(doc) ? doc : null;
      return t.docOf(open?.number ?? t.noNumber, open?.subject ?? t.noTitle);
    }
    case 'weekly_schedule':
      return t.weeklyOf(String(ob.details.week ?? ob.subjectId.split(':').pop()));
    case 'official_mailbox': {
      const name = ob.personId === null ? null : (dataset.people.get(ob.personId)?.name ?? null);
      return t.mailboxOf(name ?? t.unknownSubject);
    }
  }
}

/** The obligation page's path. */
export const obligationPath = (id: string) => `/nghia-vu/${encodeURIComponent(id)}`;
export const unitPath = (id: string) => `/don-vi/${encodeURIComponent(id)}`;

const NAV: Record<
  WebRole,
  {
    path: string;
    key: 'myWork' | 'myUnit' | 'units' | 'requests' | 'council' | 'admin' | 'campaignsNav' | 'accessNav';
  }[]
> = {
  staff: [{ path: '/', key: 'myWork' }],
  unit_head: [
    { path: '/', key: 'myUnit' },
    { path: '/yeu-cau-mien-tru', key: 'requests' },
  ],
  leader: [
    { path: '/', key: 'units' },
    { path: '/yeu-cau-mien-tru', key: 'requests' },
  ],
  council: [
    { path: '/', key: 'council' },
    { path: '/cac-don-vi', key: 'units' },
    { path: '/yeu-cau-mien-tru', key: 'requests' },
  ],
  admin: [
    { path: '/', key: 'admin' },
    { path: '/quan-tri/phong-trao', key: 'campaignsNav' },
    { path: '/quan-tri/truy-cap', key: 'accessNav' },
    { path: '/cac-don-vi', key: 'units' },
  ],
};

export function noticeHtml(ctx: { lang: Lang }, notice: Notice | null): string {
  if (notice === null) return '';
  const t = textOf(ctx);
  return notice.kind === 'ok'
    ? `<div class="notice ok" role="status">${e(notice.text)}</div>`
    : `<div class="notice error" role="alert"><strong>${e(t.errorTitle)}:</strong> ${e(notice.text)}</div>`;
}

/** The whole document: language, skip link, the role's navigation, the notice, the content. */
export function page(ctx: PageContext, title: string, body: string, notice: Notice | null = null): string {
  const t = textOf(ctx);
  const other = t.otherLangCode as Lang;
  const switchHref = `${ctx.path}${other === 'en' ? '?lang=en' : '?lang=vi'}`;
  const nav = (ctx.role === null ? [] : NAV[ctx.role])
    .map(
      (n) =>
        `<li><a href="${e(href(ctx, n.path))}"${n.path === ctx.path ? ' aria-current="page"' : ''}>${e(t[n.key])}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} — ${e(t.product)}</title>
<link rel="stylesheet" href="/web.css">
</head>
<body>
<a class="skip" href="#main">${e(t.skip)}</a>
<header class="top">
<p class="brand">${e(t.product)}${ctx.role === null ? '' : ` <span class="role">${e(t.roles[ctx.role])}</span>`}</p>
<nav aria-label="${e(t.nav)}"><ul>${nav}</ul></nav>
<p class="lang"><a href="${e(switchHref)}" lang="${other}" hreflang="${other}">${e(t.otherLang)}</a></p>
</header>
<main id="main">
<h1>${e(title)}</h1>
${noticeHtml(ctx, notice)}
${body}
</main>
</body>
</html>
`;
}

/** A page that answers a refusal or a 404 without disclosing anything. */
export function messagePage(ctx: PageContext, title: string, text: string): string {
  return page(ctx, title, `<p>${e(text)}</p><p>${link(ctx, '/', textOf(ctx).home)}</p>`);
}
