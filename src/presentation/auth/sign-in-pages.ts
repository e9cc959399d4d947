/**
 * The few pages of signing in (issue 14): the e-mail form, the neutral "check your mail" answer,
 * a link that cannot be used, a provider account that maps to nobody, and "signed out". Small,
 * without script, usable at 360 px and by keyboard; each page carries its own style, allowed by
 * its hash in the Content-Security-Policy the controller sends with it.
 */
import { createHash } from 'node:crypto';
import type { Lang } from '../../i18n/lang.js';
import { formatInstantLocal } from '../formats.js';
import { escapeHtml } from '../html.js';

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a;background:#f6f7f9}' +
  'main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:.5rem;border:1px solid #d0d4da}' +
  'h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin:.75rem 0 .25rem}' +
  'input[type=email]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #6b7280;border-radius:.25rem}' +
  'button,.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;border:0;border-radius:.25rem;' +
  'background:#0b57d0;color:#fff;text-decoration:none;cursor:pointer}' +
  'button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}' +
  '.error{color:#b00020;font-weight:600}.notice{background:#eef4ff;padding:.75rem;border-radius:.25rem}' +
  'a{color:#0b57d0}.or{margin:1.25rem 0 .25rem;color:#4b5563}nav{margin-top:1.5rem;font-size:.9rem}';

/** The Content-Security-Policy of these pages: their own style, forms to this server, nothing else. */
export const SIGN_IN_PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const e = escapeHtml;

function page(lang: Lang, title: string, body: string, other: string): string {
  const switchTo = lang === 'vi' ? 'en' : 'vi';
  const label = lang === 'vi' ? 'English' : 'Tiếng Việt';
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${e(title)} — Đúng hạn</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${e(title)}</h1>${body}` +
    `<nav><a href="${e(other)}${other.includes('?') ? '&' : '?'}lang=${switchTo}" lang="${switchTo}">${label}</a></nav>` +
    '</main></body></html>'
  );
}

export type SignInNotice = 'expired' | 'signed-out' | 'required' | null;

const TEXT = {
  vi: {
    title: 'Đăng nhập Đúng hạn',
    email: 'Địa chỉ thư điện tử công vụ',
    hint: (domain: string) => `Ví dụ: ten.ho@${domain}. Liên kết đăng nhập sẽ được gửi tới hộp thư này.`,
    send: 'Gửi liên kết đăng nhập',
    or: 'Hoặc',
    oidc: 'Đăng nhập bằng tài khoản của cơ quan',
    expired: 'Phiên đăng nhập đã hết hạn. Xin đăng nhập lại.',
    signedOut: 'Anh/chị đã đăng xuất.',
    required: 'Cần đăng nhập để xem trang này.',
    sentTitle: 'Kiểm tra hộp thư',
    sent: (domain: string, minutes: number) =>
      `Nếu địa chỉ này là hộp thư công vụ (@${domain}) của một cán bộ trong hệ thống, một liên kết đăng nhập vừa được gửi tới đó. ` +
      `Liên kết dùng được một lần, trong ${minutes} phút.`,
    again: 'Gửi lại hoặc dùng địa chỉ khác',
    emailEmpty: 'Địa chỉ thư điện tử: chưa nhập.',
    emailInvalid: 'Địa chỉ thư điện tử: không đúng dạng ten@co-quan.gov.vn.',
  },
  en: {
    title: 'Sign in to Đúng hạn',
    email: 'Official e-mail address',
    hint: (domain: string) => `For example: name@${domain}. A sign-in link will be sent to this mailbox.`,
    send: 'Send me a sign-in link',
    or: 'Or',
    oidc: "Sign in with the agency's account",
    expired: 'Your session has ended. Please sign in again.',
    signedOut: 'You have signed out.',
    required: 'Sign in to see this page.',
    sentTitle: 'Check your mailbox',
    sent: (domain: string, minutes: number) =>
      `If this is the official mailbox (@${domain}) of someone in the system, a sign-in link has just been sent there. ` +
      `The link works once, for ${minutes} minutes.`,
    again: 'Send again or use another address',
    emailEmpty: 'E-mail address: not filled in.',
    emailInvalid: 'E-mail address: not in the form name@agency.gov.vn.',
  },
};

export interface SignInFormInput {
  lang: Lang;
  officialDomain: string;
  /** Whether a provider is configured (the "sign in with the agency's account" button). */
  oidc: boolean;
  notice: SignInNotice;
  /** The field's error, when the form came back. */
  error: 'empty' | 'invalid' | null;
  value: string;
  next: string | null;
}

export function signInPage(input: SignInFormInput): string {
  const t = TEXT[input.lang];
  const notice =
    input.notice === 'expired'
      ? t.expired
      : input.notice === 'signed-out'
        ? t.signedOut
        : input.notice === 'required'
          ? t.required
          : null;
  const error = input.error === 'empty' ? t.emailEmpty : input.error === 'invalid' ? t.emailInvalid : null;
  const invalid = error === null ? '' : ' aria-invalid="true" aria-describedby="email-error email-hint"';
  const oidcStart = `/auth/oidc/start${input.next === null ? '' : `?next=${encodeURIComponent(input.next)}`}`;
  const body =
    (notice === null ? '' : `<p class="notice" role="status">${e(notice)}</p>`) +
    '<form method="post" action="/auth/sign-in" novalidate>' +
    `<input type="hidden" name="lang" value="${input.lang}">` +
    `<label for="email">${e(t.email)}</label>` +
    `<p id="email-hint">${e(t.hint(input.officialDomain))}</p>` +
    (error === null ? '' : `<p id="email-error" class="error" role="alert">${e(error)}</p>`) +
    `<input id="email" name="email" type="email" autocomplete="email" required value="${e(input.value)}"${invalid}>` +
    `<button type="submit">${e(t.send)}</button></form>` +
    (input.oidc
      ? `<p class="or">${e(t.or)}</p><a class="button" href="${e(oidcStart)}">${e(t.oidc)}</a>`
      : '');
  return page(input.lang, t.title, body, '/auth/sign-in');
}

export function linkSentPage(lang: Lang, officialDomain: string, minutes: number): string {
  const t = TEXT[lang];
  const body =
    `<p role="status">${e(t.sent(officialDomain, minutes))}</p>` +
    `<p><a href="/auth/sign-in?lang=${lang}">${e(t.again)}</a></p>`;
  return page(lang, t.sentTitle, body, '/auth/sign-in');
}

const REFUSED = {
  vi: {
    title: 'Không đăng nhập được',
    used: (at: string) => `Liên kết này đã được dùng lúc ${at}. Mỗi liên kết chỉ đăng nhập được một lần.`,
    expired: (at: string) => `Liên kết này đã hết hạn lúc ${at}.`,
    unknown: 'Liên kết không đúng hoặc không còn: có thể nó bị cắt mất một phần khi sao chép.',
    inactive: 'Tài khoản của người này không còn hoạt động trong hệ thống.',
    askAgain: 'Xin một liên kết mới',
    unmapped: (claim: string, value: string) =>
      `Tài khoản nhà cung cấp định danh (${claim}: ${value}) không khớp với cán bộ nào trong Đúng hạn. ` +
      'Xin liên hệ quản trị hệ thống để kiểm tra địa chỉ thư công vụ của anh/chị trong hệ thống quản lý văn bản.',
    noClaim: (claim: string) =>
      `Nhà cung cấp định danh không gửi thông tin "${claim}" để xác định anh/chị là ai. Xin liên hệ quản trị hệ thống.`,
    unverified: (value: string) =>
      `Nhà cung cấp định danh chưa xác minh địa chỉ ${value}, nên không dùng được để đăng nhập.`,
    ambiguous: (value: string) =>
      `Có nhiều cán bộ cùng địa chỉ ${value} trong hệ thống; không biết anh/chị là ai. Xin liên hệ quản trị hệ thống.`,
    failed:
      'Không hoàn tất được việc đăng nhập với nhà cung cấp định danh (kết quả không hợp lệ, đã hết hạn hoặc không dành cho ứng dụng này). Xin thử lại.',
    unavailable: 'Không kết nối được tới nhà cung cấp định danh. Xin thử lại sau.',
    notConfigured: 'Cơ quan chưa cấu hình đăng nhập bằng nhà cung cấp định danh; hãy dùng liên kết qua thư.',
    tryAgain: 'Về trang đăng nhập',
    signedOutTitle: 'Đã đăng xuất',
    signedOut: 'Anh/chị đã đăng xuất khỏi Đúng hạn.',
    signInAgain: 'Đăng nhập lại',
  },
  en: {
    title: 'Could not sign in',
    used: (at: string) => `This link was already used at ${at}. Each link signs in once.`,
    expired: (at: string) => `This link expired at ${at}.`,
    unknown: 'The link is wrong or no longer exists: part of it may have been lost in copying.',
    inactive: "This person's account is no longer active in the system.",
    askAgain: 'Ask for a new link',
    unmapped: (claim: string, value: string) =>
      `The identity provider's account (${claim}: ${value}) matches nobody in Đúng hạn. ` +
      'Ask the administrator to check your official e-mail address in the document system.',
    noClaim: (claim: string) =>
      `The identity provider did not send "${claim}", which says who you are. Ask the administrator.`,
    unverified: (value: string) =>
      `The identity provider has not verified ${value}, so it cannot sign you in.`,
    ambiguous: (value: string) =>
      `Several people have the address ${value} in the system; it does not say which one you are. Ask the administrator.`,
    failed:
      'Signing in with the identity provider did not complete (its answer was invalid, expired or meant for another application). Try again.',
    unavailable: 'The identity provider cannot be reached. Try again later.',
    notConfigured: 'The agency has no identity provider configured; use a link by mail.',
    tryAgain: 'Back to sign-in',
    signedOutTitle: 'Signed out',
    signedOut: 'You have signed out of Đúng hạn.',
    signInAgain: 'Sign in again',
  },
};

export type LinkRefusalView = { kind: 'used' | 'expired'; at: number } | { kind: 'unknown' | 'inactive' };

export function linkRefusedPage(lang: Lang, refusal: LinkRefusalView): string {
  const t = REFUSED[lang];
  const why =
    refusal.kind === 'used'
      ? t.used(formatInstantLocal(refusal.at, lang))
      : refusal.kind === 'expired'
        ? t.expired(formatInstantLocal(refusal.at, lang))
        : t[refusal.kind];
  const body = `<p class="error" role="alert">${e(why)}</p><p><a href="/auth/sign-in?lang=${lang}">${e(t.askAgain)}</a></p>`;
  return page(lang, t.title, body, '/auth/sign-in');
}

export type OidcRefusal =
  | { kind: 'unmapped'; claim: string; value: string }
  | { kind: 'noClaim'; claim: string }
  | { kind: 'unverified'; value: string }
  | { kind: 'ambiguous'; value: string }
  | { kind: 'inactive' }
  | { kind: 'failed' }
  | { kind: 'unavailable' }
  | { kind: 'notConfigured' };

export function oidcRefusedPage(lang: Lang, refusal: OidcRefusal): string {
  const t = REFUSED[lang];
  let why: string;
  switch (refusal.kind) {
    case 'unmapped':
      why = t.unmapped(refusal.claim, refusal.value);
      break;
    case 'noClaim':
      why = t.noClaim(refusal.claim);
      break;
    case 'unverified':
      why = t.unverified(refusal.value);
      break;
    case 'ambiguous':
      why = t.ambiguous(refusal.value);
      break;
    default:
      why = t[refusal.kind];
  }
  const body = `<p class="error" role="alert">${e(why)}</p><p><a href="/auth/sign-in?lang=${lang}">${e(t.tryAgain)}</a></p>`;
  return page(lang, t.title, body, '/auth/sign-in');
}

export function signedOutPage(lang: Lang): string {
  const t = REFUSED[lang];
  const body = `<p role="status">${e(t.signedOut)}</p><p><a class="button" href="/auth/sign-in?lang=${lang}">${e(t.signInAgain)}</a></p>`;
  return page(lang, t.signedOutTitle, body, '/auth/signed-out');
}
