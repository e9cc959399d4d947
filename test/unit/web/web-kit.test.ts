/** The page kit: what a reader types is escaped, forms carry the session's CSRF token, links keep the language. */
import { describe, expect, it } from '@jest/globals';
import type { PageContext } from '../../../src/presentation/web/web-kit.js';
import { form, href, input, page, table } from '../../../src/presentation/web/web-kit.js';

const ctx: PageContext = { lang: 'vi', role: 'staff', unitId: null, csrf: 'tok"en<1>', path: '/' };

describe('the page kit', () => {
  it('puts the session’s CSRF token in every form, escaped; none for a bearer-token caller', () => {
    const html = form(ctx, '/yeu-cau-mien-tru', input('Lý do', 'reason'), 'Gửi');
    expect(html).toContain('<input type="hidden" name="_csrf" value="tok&quot;en&lt;1&gt;">');
    expect(form({ ...ctx, csrf: undefined }, '/x', '', 'Gửi')).not.toContain('_csrf');
  });

  it('escapes what people typed wherever it is shown', () => {
    const html = input('Lý do', 'reason', { value: '"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(page(ctx, '<b>x</b>', '')).toContain('<title>&lt;b&gt;x&lt;/b&gt; — Đúng hạn</title>');
    expect(table('c', ['h'], [['<td>']])).toContain('<th scope="row"><td></th>');
  });

  it('keeps English in links, Vietnamese needs no parameter, and labels every input', () => {
    expect(href({ lang: 'en' }, '/don-vi/VP', { pham_vi: 'week' })).toBe('/don-vi/VP?pham_vi=week&lang=en');
    expect(href({ lang: 'vi' }, '/')).toBe('/');
    const html = input('Ngày', 'date', { type: 'date' });
    const id = /id="([^"]+)"/.exec(html)![1];
    expect(html).toContain(`<label for="${id}">Ngày</label>`);
    expect(page(ctx, 'T', '')).toContain('<html lang="vi">');
    expect(page({ ...ctx, lang: 'en' }, 'T', '')).toContain('<html lang="en">');
  });
});
