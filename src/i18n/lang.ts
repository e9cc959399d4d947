/** What people read is Vietnamese first; English on request. */
export type Lang = 'vi' | 'en';

export function parseLang(value: string | undefined | null): Lang | null {
  if (value === undefined || value === null || value === '') return null;
  const v = value.toLowerCase();
  return v === 'vi' || v === 'en' ? v : null;
}
