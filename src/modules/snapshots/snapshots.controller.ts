/**
 * Review snapshots over HTTP: list, freeze, read, compare, export. There is no route that edits or
 * removes a version — and the table refuses it anyway.
 */
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import {
  Body,
  Catch,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { formatInstant } from '../../domain/time.js';
import type { Instant } from '../../domain/time.js';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import { snapshotCsv, snapshotJson, snapshotXlsx } from '../../presentation/exports/snapshot-export.js';
import { DOMAIN_CONFIG } from '../core/core.tokens.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { OVERSIGHT } from '../access/roles.js';
import { badParameter, intParameter } from '../shared/request-errors.js';
import { SnapshotIntegrityError, SnapshotRequestError, SnapshotService } from './snapshot.service.js';
import { DiffQuery, ExportQuery, FreezeBody } from './snapshots.requests.js';
import { FreezeResultDto, SnapshotDiffDto, SnapshotDto, SnapshotVersionsDto } from './snapshots.responses.js';

/** Unknown phases and versions are 404; a version whose checksum fails is the server's fault, said so. */
@Catch(SnapshotRequestError, SnapshotIntegrityError)
class SnapshotErrorFilter implements ExceptionFilter {
  catch(error: SnapshotRequestError | SnapshotIntegrityError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ServerResponse>();
    const [status, body] =
      error instanceof SnapshotIntegrityError
        ? [
            500,
            {
              statusCode: 500,
              error: 'Integrity',
              message: `Phiên bản ${error.version} của đợt ${error.phaseId} không khớp mã kiểm tra / ${error.message}`,
            },
          ]
        : [
            404,
            {
              statusCode: 404,
              error: 'Not Found',
              message:
                error.problem === 'phase_unknown'
                  ? `Không có đợt thi đua "${error.value.slice(0, 80)}" / No campaign phase "${error.value.slice(0, 80)}"`
                  : `Không có phiên bản ${error.value.slice(0, 80)} / No version ${error.value.slice(0, 80)}`,
            },
          ];
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }
}

/** Instants as the rest of the API writes them: ISO 8601 with the +07:00 offset, not epoch ms. */
function timesView<T extends { asOf: Instant; frozenAt?: Instant }>(s: T) {
  return {
    ...s,
    asOf: formatInstant(s.asOf),
    ...(s.frozenAt === undefined ? {} : { frozenAt: formatInstant(s.frozenAt) }),
  };
}

/** The `:version` of a path: a whole number from 1. */
function version(text: string): number {
  if (text === '') throw badParameter('version', 'bắt buộc', 'is required');
  return intParameter('version', text, 1, 1, 1_000_000);
}

@ApiTags('snapshots')
@ApiBearerAuth()
@UseFilters(SnapshotErrorFilter)
@Controller('api/snapshots')
export class SnapshotsController {
  constructor(
    @Inject(SnapshotService) private readonly snapshots: SnapshotService,
    @Inject(DOMAIN_CONFIG) private readonly domain: DomainConfig,
  ) {}

  @Get(':phase')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'The frozen versions of a phase, oldest first' })
  @ApiOkResponse({ type: SnapshotVersionsDto })
  async list(@Param('phase') phase: string) {
    return { versions: (await this.snapshots.list(phase)).map(timesView) };
  }

  @Post(':phase')
  @Allow('council')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Freeze the phase (emulation council): a new version only when a number changed',
  })
  @ApiCreatedResponse({ type: FreezeResultDto })
  async freeze(@Caller() caller: Principal, @Param('phase') phase: string, @Body() body: FreezeBody) {
    const { asOf } = body;
    return timesView(
      await this.snapshots.freeze(phase, { by: caller.actor, ...(asOf === undefined ? {} : { asOf }) }),
    );
  }

  @Get(':phase/diff')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'What changed between two versions' })
  @ApiOkResponse({ type: SnapshotDiffDto })
  diff(@Param('phase') phase: string, @Query() q: DiffQuery) {
    return this.snapshots.diff(phase, q.from, q.to);
  }

  @Get(':phase/:version')
  @Allow(...OVERSIGHT)
  @ApiOperation({ summary: 'One version with its checksum (verified) and content' })
  @ApiOkResponse({ type: SnapshotDto })
  async get(@Param('phase') phase: string, @Param('version') v: string) {
    return timesView(await this.snapshots.get(phase, version(v)));
  }

  @Get(':phase/:version/export')
  @Allow(...OVERSIGHT)
  @ApiOperation({
    summary: 'The review export: XLSX (units, people, evidence sheets), CSV of one sheet, or JSON',
  })
  @ApiOkResponse({
    description: 'A file (`Content-Disposition: attachment`), of the type `format` asks for',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'text/csv': { schema: { type: 'string' } },
      'application/json': {
        schema: {
          type: 'object',
          description: 'The version as stored, without its database id; its instants as ISO 8601 with +07:00',
        },
      },
    },
  })
  async export(
    @Param('phase') phase: string,
    @Param('version') v: string,
    @Query() q: ExportQuery,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const format = q.format ?? 'xlsx';
    const sheet = q.sheet ?? 'units';
    const snapshot = await this.snapshots.get(phase, version(v));
    const name = `thi-dua-${snapshot.phaseId}-v${snapshot.version}`;
    const [body, type, file] =
      format === 'xlsx'
        ? [
            await snapshotXlsx(snapshot, this.domain.settings.exportFrame),
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            `${name}.xlsx`,
          ]
        : format === 'csv'
          ? [
              snapshotCsv(snapshot, this.domain.settings.exportFrame)[sheet],
              'text/csv; charset=utf-8',
              `${name}.${sheet}.csv`,
            ]
          : [snapshotJson(snapshot), 'application/json; charset=utf-8', `${name}.json`];
    res.statusCode = 200;
    res.setHeader('content-type', type);
    res.setHeader('content-disposition', `attachment; filename="${file}"`);
    res.end(body);
  }
}
