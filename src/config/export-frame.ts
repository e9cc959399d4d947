/**
 * The administrative frame a council attaches to its minutes (thể thức văn bản hành chính,
 * Nghị định 30/2020/NĐ-CP): the issuing agency under its superior body, the national motto, the
 * place and date line and the signature block. Read from `exportFrame` in `config/dunghan.json`;
 * without it the review export carries no frame.
 */

/** One signature: "TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG" / "CHỦ TỊCH" / the name, signed between. */
export interface ExportSigner {
  /** On whose behalf ("TM. HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG", "KT. GIÁM ĐỐC"); absent when signing as oneself. */
  authority: string | null;
  /** The signer's position, upper case ("CHỦ TỊCH", "NGƯỜI LẬP BIỂU"). */
  title: string;
  name: string;
}

export interface ExportFrame {
  /** The superior body (cơ quan chủ quản), upper case: "UBND TỈNH HÀ NAM"; absent for a top-level body. */
  superior: string | null;
  /** The issuing agency, upper case: "SỞ THÔNG TIN VÀ TRUYỀN THÔNG". */
  agency: string;
  /** Where it is issued, as the date line starts: "Hà Nam". */
  place: string;
  /** Left to right, as they sign under the tables; one to three. */
  signers: ExportSigner[];
}

/** A field that cannot be used: the field's path and why (the loader adds the file). */
export class ExportFrameError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const MAX_TEXT = 120;
const MAX_SIGNERS = 3;

function text(raw: Record<string, unknown>, key: string, path: string, upper: boolean): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new ExportFrameError(`${path}.${key}`, 'must be a non-empty text');
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT || /[\r\n\t]/.test(trimmed))
    throw new ExportFrameError(`${path}.${key}`, `must be one line of at most ${MAX_TEXT} characters`);
  if (upper && trimmed !== trimmed.toLocaleUpperCase('vi'))
    throw new ExportFrameError(
      `${path}.${key}`,
      `must be written in upper case, as it prints (${trimmed.toLocaleUpperCase('vi')})`,
    );
  return trimmed;
}

function onlyKeys(raw: Record<string, unknown>, keys: string[], path: string): void {
  for (const key of Object.keys(raw))
    if (!keys.includes(key) && key !== '$comment')
      throw new ExportFrameError(`${path}.${key}`, `is not a setting (${keys.join(', ')})`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `exportFrame`, or null when the setting is absent. */
export function parseExportFrame(json: unknown, path = 'exportFrame'): ExportFrame | null {
  if (json === undefined || json === null) return null;
  if (!isObject(json))
    throw new ExportFrameError(path, 'must be an object { superior, agency, place, signers }');
  onlyKeys(json, ['superior', 'agency', 'place', 'signers'], path);
  const superior =
    json.superior === undefined || json.superior === null ? null : text(json, 'superior', path, true);
  const agency = text(json, 'agency', path, true);
  const place = text(json, 'place', path, false);
  const list = json.signers;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SIGNERS)
    throw new ExportFrameError(`${path}.signers`, `must list 1 to ${MAX_SIGNERS} signers`);
  const signers = list.map((raw: unknown, i): ExportSigner => {
    const at = `${path}.signers[${i}]`;
    if (!isObject(raw)) throw new ExportFrameError(at, 'must be an object { authority, title, name }');
    onlyKeys(raw, ['authority', 'title', 'name'], at);
    return {
      authority:
        raw.authority === undefined || raw.authority === null ? null : text(raw, 'authority', at, true),
      title: text(raw, 'title', at, true),
      name: text(raw, 'name', at, false),
    };
  });
  return { superior, agency, place, signers };
}
