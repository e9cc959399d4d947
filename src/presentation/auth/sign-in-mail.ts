/**
 * The mail that carries a sign-in link: Vietnamese first, English below, plain text and HTML.
 * It says how long the link works, that it works once, and what to do when she did not ask.
 */
import { randomBytes } from 'node:crypto';
import type { MailAddress, OutgoingMail } from '../../infra/mail/mailer.port.js';
import { formatInstantLocal } from '../formats.js';
import { escapeHtml } from '../html.js';

export interface SignInLinkMailInput {
  to: MailAddress;
  url: string;
  expiresAt: number;
  minutes: number;
}

export function signInLinkMail(input: SignInLinkMailInput): OutgoingMail {
  const { url, minutes } = input;
  const untilVi = formatInstantLocal(input.expiresAt, 'vi');
  const untilEn = formatInstantLocal(input.expiresAt, 'en');
  const greeting = input.to.name === undefined ? 'Chào anh/chị,' : `Chào ${input.to.name},`;
  const vi = [
    greeting,
    `Để đăng nhập vào Đúng hạn, mở liên kết sau (dùng được một lần, trong ${minutes} phút, đến ${untilVi}):`,
    url,
    'Nếu anh/chị không yêu cầu đăng nhập, hãy bỏ qua thư này: không ai đăng nhập được nếu không mở liên kết.',
  ];
  const en = [
    'To sign in to Đúng hạn, open the link above (it works once, for ' +
      `${minutes} minutes, until ${untilEn}).`,
    'If you did not ask to sign in, ignore this mail: nobody signs in without opening the link.',
  ];
  const text = [...vi, '', '—', ...en].join('\n\n') + '\n';
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html =
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập Đúng hạn</title></head><body>' +
    p(vi[0]) +
    p(vi[1]) +
    `<p><a href="${escapeHtml(url)}">Đăng nhập / Sign in</a></p>` +
    p(vi[3]) +
    '<hr>' +
    `<div lang="en">${en.map(p).join('')}</div>` +
    '</body></html>';
  return {
    messageId: `<sign-in.${randomBytes(12).toString('hex')}@dunghan>`,
    to: [input.to],
    subject: 'Liên kết đăng nhập Đúng hạn / Your Đúng hạn sign-in link',
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
