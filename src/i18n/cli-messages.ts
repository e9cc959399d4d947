import type { Lang } from './lang.js';

/** Messages the CLI prints for a person's mistake: what is wrong and what to do, no stack trace. */
const MESSAGES = {
  asOfMissing: {
    vi: 'Thiếu --as-of: cho biết thời điểm đánh giá, ví dụ --as-of 2025-03-20T17:00:00+07:00',
    en: 'Missing --as-of: give the instant to evaluate at, e.g. --as-of 2025-03-20T17:00:00+07:00',
  },
  asOfNoOffset: {
    vi: '--as-of {value}: thiếu múi giờ; hãy ghi rõ, ví dụ {value}+07:00',
    en: '--as-of {value}: no UTC offset; write it out, e.g. {value}+07:00',
  },
  asOfInvalid: {
    vi: '--as-of {value}: không phải thời điểm hợp lệ (YYYY-MM-DDTHH:mm:ss+07:00 hoặc YYYY-MM-DD)',
    en: '--as-of {value}: not a valid instant (YYYY-MM-DDTHH:mm:ss+07:00 or YYYY-MM-DD)',
  },
  bundleMissing: {
    vi: 'Thiếu --bundle: cho biết ít nhất một tệp dữ liệu (dunghan.bundle.v1)',
    en: 'Missing --bundle: give at least one bundle file (dunghan.bundle.v1)',
  },
  formatInvalid: {
    vi: '--format {value}: chỉ nhận json hoặc table',
    en: '--format {value}: must be json or table',
  },
  langInvalid: { vi: '--lang {value}: chỉ nhận vi hoặc en', en: '--lang {value}: must be vi or en' },
  config: { vi: 'Cấu hình không dùng được: {value}', en: 'Configuration cannot be used: {value}' },
  skipped: {
    vi: 'Đã bỏ qua {value} bản ghi không hợp lệ; các bản ghi còn lại vẫn được đánh giá.',
    en: 'Invalid records skipped: {value}; the other records were evaluated.',
  },
} as const;

export type CliMessage = keyof typeof MESSAGES;

export function cliMessage(key: CliMessage, lang: Lang, value = ''): string {
  return MESSAGES[key][lang].replaceAll('{value}', value);
}
