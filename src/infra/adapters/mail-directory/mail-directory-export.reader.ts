/**
 * Reads a mail-directory export (CSV or JSON) into entries of address, owner and last activity,
 * whatever the export calls those fields.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeExportText } from '../shared/text-decoding.util.js';
import { foldText } from '../shared/vietnamese-text.util.js';

export type DirectoryField = 'address' | 'owner' | 'lastActive';

/** Names the field goes by in common exports (Zimbra, Exchange, hand-made sheets). */
export const DEFAULT_FIELD_NAMES: Readonly<Record<DirectoryField, readonly string[]>> = {
  address: [
    'address',
    'email',
    'e-mail',
    'mail',
    'emailAddress',
    'Địa chỉ',
    'Địa chỉ email',
    'Địa chỉ thư',
    'Hộp thư',
  ],
  owner: [
    'owner',
    'name',
    'displayName',
    'display name',
    'Chủ sở hữu',
    'Họ tên',
    'Họ và tên',
    'Người sử dụng',
  ],
  lastActive: [
    'lastActivity',
    'last activity',
    'lastActive',
    'last active',
    'lastLogon',
    'last logon',
    'lastLogin',
    'last login',
    'zimbraLastLogonTimestamp',
    'Lần hoạt động cuối',
    'Hoạt động cuối',
    'Lần đăng nhập cuối',
  ],
};

export const REQUIRED_FIELDS: readonly DirectoryField[] = ['address', 'lastActive'];

export interface DirectoryEntry {
  /** Row number as a spreadsheet shows it (CSV), or the item's position (JSON), 1-based. */
  number: number;
  values: Partial<Record<DirectoryField, unknown>>;
}

export type DirectoryReadResult =
  | {
      ok: true;
      format: 'csv' | 'json';
      entries: DirectoryEntry[];
      headers: Record<DirectoryField, string | null>;
    }
  | { ok: false; reason: string; reasonEn: string };

export type FieldNames = Readonly<Record<DirectoryField, ReadonlySet<string>>>;

export function fieldNames(
  configured: Partial<Record<DirectoryField, readonly string[]>> | undefined,
): FieldNames {
  const names = (field: DirectoryField) =>
    new Set([...(configured?.[field] ?? []), ...DEFAULT_FIELD_NAMES[field]].map(foldText));
  return { address: names('address'), owner: names('owner'), lastActive: names('lastActive') };
}

function fieldOf(name: string, names: FieldNames): DirectoryField | null {
  const folded = foldText(name);
  for (const field of ['address', 'owner', 'lastActive'] as const) if (names[field].has(folded)) return field;
  return null;
}

function locate(headers: readonly string[], names: FieldNames) {
  const found: Record<DirectoryField, { index: number; header: string } | null> = {
    address: null,
    owner: null,
    lastActive: null,
  };
  headers.forEach((header, index) => {
    const field = fieldOf(String(header), names);
    if (field && found[field] === null) found[field] = { index, header: String(header).trim() };
  });
  return found;
}

/** How far a title block may push the header row of a hand-saved sheet. */
const HEADER_SEARCH_ROWS = 10;

export function readCsvDirectory(
  content: Buffer,
  names: FieldNames,
  delimiter?: string,
): DirectoryReadResult {
  const text = decodeExportText(content);
  if (text === null) {
    return { ok: false, reason: 'không phải văn bản UTF-8', reasonEn: 'not UTF-8 text' };
  }
  let firstError: Error | null = null;
  let fallback: DirectoryReadResult | null = null;
  for (const d of delimiter ? [delimiter] : [',', ';', '\t']) {
    let records: string[][];
    try {
      records = parseCsv(text, {
        delimiter: d,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
      }) as string[][];
    } catch (error) {
      firstError ??= error as Error;
      continue;
    }
    const headerRow = records
      .slice(0, HEADER_SEARCH_ROWS)
      .findIndex((r) => locate(r, names).address !== null);
    const at = headerRow < 0 ? 0 : headerRow;
    const located = locate(records[at] ?? [], names);
    const result: DirectoryReadResult = {
      ok: true,
      format: 'csv',
      headers: {
        address: located.address?.header ?? null,
        owner: located.owner?.header ?? null,
        lastActive: located.lastActive?.header ?? null,
      },
      entries: records
        .map((cells, i) => ({ cells, number: i + 1 }))
        .slice(at + 1)
        .filter(({ cells }) => cells.some((c) => c.trim() !== ''))
        .map(({ cells, number }) => ({
          number,
          values: {
            address: located.address ? cells[located.address.index] : undefined,
            owner: located.owner ? cells[located.owner.index] : undefined,
            lastActive: located.lastActive ? cells[located.lastActive.index] : undefined,
          },
        })),
    };
    if (headerRow >= 0) return result;
    fallback ??= result;
  }
  if (fallback) return fallback;
  return {
    ok: false,
    reason: `CSV không hợp lệ (${firstError?.message ?? ''})`,
    reasonEn: `invalid CSV (${firstError?.message ?? ''})`,
  };
}

/** A JSON export: an array of accounts, or an object holding one (`{ "accounts": [...] }`). */
export function readJsonDirectory(content: Buffer, names: FieldNames): DirectoryReadResult {
  const text = decodeExportText(content);
  let data: unknown;
  try {
    data = JSON.parse(text ?? '');
  } catch (error) {
    return {
      ok: false,
      reason: `JSON không hợp lệ (${(error as Error).message})`,
      reasonEn: `invalid JSON (${(error as Error).message})`,
    };
  }
  const list = Array.isArray(data)
    ? data
    : data !== null && typeof data === 'object'
      ? Object.values(data).find((v): v is unknown[] => Array.isArray(v))
      : undefined;
  if (list === undefined) {
    return {
      ok: false,
      reason: 'JSON không chứa danh sách hộp thư nào',
      reasonEn: 'the JSON holds no list of mailboxes',
    };
  }
  const headers: Record<DirectoryField, string | null> = { address: null, owner: null, lastActive: null };
  const entries = list.map((item, i) => {
    const values: DirectoryEntry['values'] = {};
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      for (const [key, value] of Object.entries(item)) {
        const field = fieldOf(key, names);
        if (field && !(field in values)) {
          values[field] = value;
          headers[field] ??= key;
        }
      }
    }
    return { number: i + 1, values };
  });
  return { ok: true, format: 'json', entries, headers };
}
