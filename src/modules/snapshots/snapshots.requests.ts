/** What the snapshot routes accept, declared once: each field's check and its OpenAPI description. */
import type { Instant } from '../../domain/time.js';
import { parseAsOf } from '../../presentation/as-of.js';
import type { ExportFormat, SheetKey } from '../../presentation/exports/snapshot-export.js';
import { EXPORT_FORMATS } from '../../presentation/exports/snapshot-export.js';
import { EnumQuery, RequestField, RequiredIntQuery } from '../shared/request-dto.js';
import { badParameter } from '../shared/request-errors.js';

const SHEETS: readonly SheetKey[] = ['units', 'people', 'evidence', 'decisions'];
const VERSIONS = { min: 1, max: 1_000_000 };

export class FreezeBody {
  /** Epoch milliseconds, once parsed. */
  @RequestField(
    (value, field): Instant | undefined => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '' || value.length > 60)
        throw badParameter(
          field,
          'cần chuỗi ký tự không rỗng, tối đa 60 ký tự',
          'must be a non-empty string of at most 60 characters',
        );
      const text = value.trim();
      const parsed = parseAsOf(text);
      if (typeof parsed !== 'number')
        throw badParameter(
          field,
          `"${text}" không phải thời điểm có múi giờ`,
          `"${text}" is not an instant with its offset`,
        );
      return parsed;
    },
    {
      type: String,
      maxLength: 60,
      example: '2025-06-30T17:00:00+07:00',
      description: 'The instant the figures are as of; default now',
    },
  )
  asOf?: Instant;
}

export class DiffQuery {
  @RequiredIntQuery(VERSIONS, { example: 1 })
  from!: number;
  @RequiredIntQuery(VERSIONS, { example: 2 })
  to!: number;
}

export class ExportQuery {
  @EnumQuery(EXPORT_FORMATS, { description: 'default xlsx' })
  format?: ExportFormat;
  @EnumQuery(SHEETS, { description: 'CSV only (default units)' })
  sheet?: SheetKey;
}
