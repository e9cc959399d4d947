/**
 * What a browser does with cookies and redirects, over plain `fetch`, for the sign-in tests: a
 * cookie jar per host (Path and Max-Age honoured, Secure cookies kept off plain HTTP), redirects
 * followed one by one so each hop can be looked at. No script runs; the sign-in flows need none.
 */

export interface StoredCookie {
  value: string;
  path: string;
  attributes: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
  setCookie: string[];
}

export class Browser {
  /** host → cookie name → cookie. */
  readonly jar = new Map<string, Map<string, StoredCookie>>();

  cookie(url: string, name: string): string | null {
    return this.jar.get(new URL(url).host)?.get(name)?.value ?? null;
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, StoredCookie>();
    this.jar.set(host, cookies);
    cookies.set(name, { value, path: '/', attributes: '' });
  }

  private cookieHeader(url: URL): string | null {
    const cookies = this.jar.get(url.host);
    if (cookies === undefined) return null;
    const pairs = [...cookies.entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .filter(([, c]) => url.protocol === 'https:' || !/;\s*secure/i.test(c.attributes))
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length === 0 ? null : pairs.join('; ');
  }

  private store(url: URL, setCookies: string[]): void {
    const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    this.jar.set(url.host, cookies);
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attributes = attrs.join(';');
      const path = /;\s*path=([^;]+)/i.exec(';' + attributes)?.[1]?.trim() ?? '/';
      const maxAge = /;\s*max-age=(-?\d+)/i.exec(';' + attributes)?.[1];
      if (maxAge !== undefined && Number(maxAge) <= 0) cookies.delete(name);
      else cookies.set(name, { value, path, attributes });
    }
  }

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie !== null && !headers.has('cookie')) headers.set('cookie', cookie);
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.store(target, res.headers.getSetCookie());
    return res;
  }

  /** A form posted as a browser posts it (urlencoded). */
  post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows redirects from a first request (GETs after it); returns the last answer and every hop. */
  async follow(
    url: string,
    init: RequestInit = {},
    max = 15,
  ): Promise<{ res: Response; hops: Hop[]; url: string }> {
    const hops: Hop[] = [];
    let current = url;
    let res = await this.request(current, init);
    for (let i = 0; i < max; i++) {
      const location = res.headers.get('location');
      hops.push({ url: current, status: res.status, location, setCookie: res.headers.getSetCookie() });
      if (res.status < 300 || res.status >= 400 || location === null) return { res, hops, url: current };
      await res.arrayBuffer();
      current = new URL(location, current).href;
      res = await this.request(current, { headers: { accept: 'text/html' } });
    }
    throw new Error(`more than ${max} redirects from ${url}`);
  }
}

/** The fields of the first form in an HTML page, and where it posts. */
export function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form === null) throw new Error(`no form in:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2].matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(input[1])?.[1];
    if (name === undefined) continue;
    fields[name] = (/value="([^"]*)"/.exec(input[1])?.[1] ?? '').replace(/&amp;/g, '&');
  }
  for (const button of form[2].matchAll(/<button([^>]*)>/gi)) {
    const name = /name="([^"]*)"/.exec(button[1])?.[1];
    if (name !== undefined) fields[name] = /value="([^"]*)"/.exec(button[1])?.[1] ?? '';
  }
  return { action: new URL(form[1].replace(/&amp;/g, '&'), base).href, fields };
}
