/**
 * The workspace (issue 14): one server-rendered page per role, on the API's origin, behind the same
 * AccessGuard as the API. What a page shows is scoped here on the server, per page: a drafter her
 * own obligations, a unit head her unit; anything else answers 404 as if it did not exist. Forms
 * post back here; a refused action changes nothing and shows the same page with the field named.
 */
import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ConfigError } from '../../config/domain-config.loader.js';
import { taskLinker } from '../../config/task-url.js';
import type { Dataset } from '../../domain/model.js';
import { isSecret } from '../../domain/model.js';
import type { DomainConfig } from '../../config/domain-config.loader.js';
import type { Obligation } from '../../domain/rules/obligation.js';
import { localDay, yearOf } from '../../domain/time.js';
import type { JobQueue } from '../../infra/queue/job-queue.port.js';
import { JobName, QueueUnavailableError } from '../../infra/queue/job-queue.port.js';
import { DigestStore } from '../../infra/store/digest-store.js';
import { ObligationQuery } from '../../infra/store/obligation-query.js';
import { ReminderStore } from '../../infra/store/reminder-store.js';
import { ReviewStore } from '../../infra/store/review-store.js';
import { ScoreStore } from '../../infra/store/score-store.js';
import { SnapshotStore } from '../../infra/store/snapshot-store.js';
import { SyncStore } from '../../infra/store/sync-store.js';
import { WebReadStore } from '../../infra/store/web-read-store.js';
import type { Lang } from '../../i18n/lang.js';
import { WEB_TEXT } from '../../i18n/web-messages.js';
import { snapshotXlsx } from '../../presentation/exports/snapshot-export.js';
import { drafterPage } from '../../presentation/web/drafter-page.js';
import type { AdminView, SourceRow } from '../../presentation/web/office-pages.js';
import { adminPage, comparePage, councilPage, requestsPage } from '../../presentation/web/office-pages.js';
import type { EvidenceLink } from '../../presentation/web/unit-pages.js';
import { evidencePage, leadershipPage, obligationPage, unitPage } from '../../presentation/web/unit-pages.js';
import { unitXlsx } from '../../presentation/web/unit-xlsx.js';
import { changePreviewPage } from '../../presentation/web/admin-pages.js';
import { WEB_ADMIN_TEXT } from '../../i18n/web-admin-messages.js';
import type { Notice, PageContext } from '../../presentation/web/web-kit.js';
import { messagePage } from '../../presentation/web/web-kit.js';
import { WEB_CSS } from '../../presentation/web/web-style.js';
import { isHiddenSubject, leadershipDigest, unitDigest } from '../../domain/digests/digest-content.js';
import { Allow, Caller, Public } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE, readScope } from '../access/roles.js';
import { Clock } from '../core/clock.js';
import { DOMAIN_CONFIG, JOB_QUEUE } from '../core/core.tokens.js';
import { CalendarService } from '../settings/calendar.service.js';
import { PreviewService } from '../preview/preview.service.js';
import { ReviewService } from '../review/review.service.js';
import { SnapshotRequestError, SnapshotService } from '../snapshots/snapshot.service.js';
import { Refusal } from '../shared/refusal.js';
import { SourceCatalog } from '../sync/source-catalog.service.js';
import { manualJobId } from '../sync/sync.jobs.js';
import { EVIDENCE_SCOPES, evidenceOf, isRule } from './evidence.js';
import { ExemptionRequestService } from './exemption-request.service.js';
import { WebErrorFilter, sendHtml } from './web-error.filter.js';
import type { WebRequest } from './web-request.js';
import { contextOf, field, queryText } from './web-request.js';
import { WebFigures } from './web-figures.service.js';

export const notFound = () => new Refusal('not_found', 'id', 'không có', 'not found');
const OVERSIGHT_ROLES = new Set(['admin', 'council', 'leader']);

/** Where a done action sends the reader back, with what to tell her (`?ok=`). */
export function redirect(
  res: ServerResponse,
  ctx: PageContext,
  path: string,
  ok: string,
  extra: Record<string, string> = {},
): void {
  const query = new URLSearchParams({ ok, ...extra });
  if (ctx.lang === 'en') query.set('lang', 'en');
  res.statusCode = 303;
  res.setHeader('Location', `${path}?${query.toString()}`);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

/** The notice of a done action, from the redirect's query; unknown keys say nothing. */
function doneNotice(req: WebRequest, lang: Lang): Notice | null {
  const ok = queryText(req, 'ok');
  const d = WEB_TEXT[lang].done;
  const v = queryText(req, 'v') ?? '';
  switch (ok) {
    case 'asked':
    case 'forwarded':
    case 'refused':
    case 'approved':
      return { kind: 'ok', text: d[ok] };
    case 'frozen':
      return { kind: 'ok', text: d.frozen(Number(v.split(':')[0]) || 0, v.endsWith(':new')) };
    case 'synced':
      return { kind: 'ok', text: d.synced(v.slice(0, 80)) };
    case 'overridden':
      return { kind: 'ok', text: d.overridden(v.slice(0, 10)) };
    default:
      return null;
  }
}

/** A refusal as the notice above the re-shown page: the field by its name on the form, and why. */
export function refusalNotice(error: Refusal, lang: Lang): Notice {
  const t = WEB_TEXT[lang];
  return {
    kind: 'error',
    text: t.fieldError(t.fields[error.field] ?? error.field, lang === 'vi' ? error.vi : error.en),
  };
}

function checkDateField(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Refusal(
      'invalid',
      'date',
      'cần một ngày dạng năm-tháng-ngày, ví dụ 2025-09-01',
      'a date is required, e.g. 2025-09-01',
    );
}

export const statusOf = (error: Refusal) =>
  error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : 409;

@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebController {
  constructor(
    @Inject(WebFigures) private readonly figures: WebFigures,
    @Inject(ExemptionRequestService) private readonly requests: ExemptionRequestService,
    @Inject(ObligationQuery) private readonly query: ObligationQuery,
    @Inject(ScoreStore) private readonly scores: ScoreStore,
    @Inject(ReminderStore) private readonly reminders: ReminderStore,
    @Inject(WebReadStore) private readonly reads: WebReadStore,
    @Inject(DigestStore) private readonly digests: DigestStore,
    @Inject(SnapshotService) private readonly snapshots: SnapshotService,
    @Inject(SnapshotStore) private readonly snapshotStore: SnapshotStore,
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(SyncStore) private readonly syncStore: SyncStore,
    @Inject(ReviewStore) private readonly reviewStore: ReviewStore,
    @Inject(ReviewService) private readonly review: ReviewService,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(DOMAIN_CONFIG) private readonly domain: DomainConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PreviewService) private readonly previews: PreviewService,
  ) {}

  @Get('web.css')
  @Public()
  css(@Res() res: ServerResponse): void {
    res.statusCode = 200;
    res.setHeader('content-type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.end(WEB_CSS);
  }

  /** Each role's home. */
  @Get()
  @Allow(...EVERYONE)
  async home(@Caller() caller: Principal, @Req() req: WebRequest, @Res() res: ServerResponse): Promise<void> {
    const ctx = contextOf(req, caller);
    const notice = doneNotice(req, ctx.lang);
    switch (caller.role) {
      case 'staff':
        return sendHtml(res, 200, await this.drafterHtml(ctx, caller, notice));
      case 'unit_head':
        return sendHtml(res, 200, await this.unitHtml(ctx, caller, caller.unitId ?? '', notice));
      case 'leader':
        return sendHtml(res, 200, await this.leadershipHtml(ctx, notice));
      case 'council':
        return sendHtml(res, 200, await this.councilHtml(ctx, caller, notice));
      case 'admin':
        return sendHtml(res, 200, await this.adminHtml(ctx, req, notice));
    }
  }

  @Get('cac-don-vi')
  @Allow(...EVERYONE)
  async units(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (!OVERSIGHT_ROLES.has(caller.role)) throw notFound();
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.leadershipHtml(ctx, doneNotice(req, ctx.lang)));
  }

  @Get('don-vi/:unitId')
  @Allow(...EVERYONE)
  async unit(
    @Caller() caller: Principal,
    @Param('unitId') unitId: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    this.unitInSight(caller, unitId);
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.unitHtml(ctx, caller, unitId, doneNotice(req, ctx.lang)));
  }

  @Get('don-vi/:unitId/bang-chung')
  @Allow(...EVERYONE)
  async evidence(
    @Caller() caller: Principal,
    @Param('unitId') unitId: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    this.unitInSight(caller, unitId);
    const ctx = contextOf(req, caller);
    const scope = queryText(req, 'pham_vi') ?? 'phase';
    const rule = queryText(req, 'tieu_chi');
    const met = queryText(req, 'dat');
    const person = queryText(req, 'nguoi');
    if (!(EVIDENCE_SCOPES as readonly string[]).includes(scope))
      throw new Refusal(
        'invalid',
        'pham_vi',
        `chỉ nhận ${EVIDENCE_SCOPES.join(', ')}`,
        `must be one of ${EVIDENCE_SCOPES.join(', ')}`,
      );
    if (rule !== undefined && !isRule(rule))
      throw new Refusal('invalid', 'tieu_chi', 'không có tiêu chí này', 'no such rule');
    if (met !== undefined && met !== '1' && met !== '0')
      throw new Refusal('invalid', 'dat', 'chỉ nhận 1 hoặc 0', 'must be 1 or 0');
    const live = await this.figures.live();
    const unit = live.dataset.units.get(unitId);
    if (unit === undefined) throw notFound();
    const q: EvidenceLink = {
      scope: scope as EvidenceLink['scope'],
      rule,
      person,
      met: met as EvidenceLink['met'],
    };
    const obligations = evidenceOf(live.basis, {
      unitId,
      scope: q.scope,
      rule: rule as never,
      personId: person,
      met: met === undefined ? undefined : met === '1',
    });
    sendHtml(
      res,
      200,
      evidencePage(ctx, {
        unitId,
        unitName: unit.name,
        q,
        obligations,
        dataset: live.dataset,
        calendar: live.calendar,
        asOf: live.asOf,
      }),
    );
  }

  @Get('don-vi/:unitId/xlsx')
  @Allow(...EVERYONE)
  async unitWorkbook(
    @Caller() caller: Principal,
    @Param('unitId') unitId: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    this.unitInSight(caller, unitId);
    const ctx = contextOf(req, caller);
    const live = await this.figures.live();
    if (!live.dataset.units.has(unitId)) throw notFound();
    const digest = unitDigest(live.basis, unitId);
    const overdue = evidenceOf(live.basis, { unitId, scope: 'overdue' });
    const body = await unitXlsx(digest, overdue, live.dataset, ctx.lang);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'content-disposition',
      `attachment; filename="don-vi-${unitId.replace(/[^A-Za-z0-9_-]/g, '_')}-${digest.period.week}.xlsx"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }

  /** A digest as it was mailed (its chart from the next route). */
  @Get('ban-tin/:id')
  @Allow(...EVERYONE)
  async digest(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const d = await this.digestInSight(caller, id);
    const html = d.html.split(`cid:${d.chartCid}`).join(`/ban-tin/${d.id}/bieu-do.png`);
    // The mail's own inline styles, and nothing else: still no script, no framing.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    sendHtml(res, 200, html);
  }

  @Get('ban-tin/:id/bieu-do.png')
  @Allow(...EVERYONE)
  async digestChart(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const d = await this.digestInSight(caller, id);
    res.statusCode = 200;
    res.setHeader('content-type', 'image/png');
    res.setHeader('Cache-Control', 'no-store');
    res.end(d.chartPng);
  }

  /**
   * The task's page in the office system, when the task's source sets `taskUrl`; never for a task
   * handling a confidential document.
   */
  private async officeUrl(ob: Obligation, dataset: Dataset): Promise<string | null> {
    const taskId =
      ob.rule === 'plan'
        ? ob.subjectId
        : ob.rule === 'staff_submission' || ob.rule === 'unit_submission' || ob.rule === 'review_rounds'
          ? (dataset.drafts.get(ob.subjectId)?.taskId ?? null)
          : null;
    const task = taskId === null ? undefined : dataset.tasks.get(taskId);
    if (taskId === null || task === undefined) return null;
    const doc = task.documentId === null ? undefined : dataset.documents.get(task.documentId);
    if (doc !== undefined && isSecret(doc)) return null;
    let link;
    try {
      link = taskLinker(this.catalog.list());
    } catch (error) {
      if (error instanceof ConfigError) return null;
      throw error;
    }
    return link({ id: taskId, source: await this.reads.taskSource(taskId) });
  }

  @Get('nghia-vu/:id')
  @Allow(...EVERYONE)
  async obligation(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.obligationHtml(ctx, caller, id, doneNotice(req, ctx.lang)));
  }

  @Get('yeu-cau-mien-tru')
  @Allow(...EVERYONE)
  async requestQueue(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role === 'staff' || caller.role === 'admin') throw notFound();
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.requestsHtml(ctx, caller, doneNotice(req, ctx.lang)));
  }

  /** A drafter asks for an exemption, from her home page or the obligation's page. */
  @Post('yeu-cau-mien-tru')
  @Allow(...EVERYONE)
  async ask(@Caller() caller: Principal, @Req() req: WebRequest, @Res() res: ServerResponse): Promise<void> {
    if (caller.role !== 'staff') throw notFound();
    const ctx = contextOf(req, caller);
    const from = field(req.body, 'from');
    const obligationId = field(req.body, 'obligationId');
    try {
      await this.requests.ask(caller, { obligationId, reason: field(req.body, 'reason') });
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      const notice = refusalNotice(error, ctx.lang);
      const html =
        from === 'obligation'
          ? await this.obligationHtml(
              { ...ctx, path: `/nghia-vu/${obligationId}` },
              caller,
              obligationId,
              notice,
              field(req.body, 'reason'),
            )
          : await this.drafterHtml({ ...ctx, path: '/' }, caller, notice);
      return sendHtml(res, statusOf(error), html);
    }
    redirect(
      res,
      ctx,
      from === 'obligation' ? `/nghia-vu/${encodeURIComponent(obligationId)}` : '/',
      'asked',
    );
  }

  @Post('yeu-cau-mien-tru/:id/chuyen')
  @Allow(...EVERYONE)
  forward(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    return this.decide(caller, req, res, 'forwarded', () =>
      this.requests.forward(caller, id, field(req.body, 'note')),
    );
  }

  @Post('yeu-cau-mien-tru/:id/tu-choi')
  @Allow(...EVERYONE)
  refuse(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    return this.decide(caller, req, res, 'refused', () =>
      this.requests.refuse(caller, id, field(req.body, 'reason')),
    );
  }

  @Post('yeu-cau-mien-tru/:id/duyet')
  @Allow(...EVERYONE)
  approve(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    return this.decide(caller, req, res, 'approved', () =>
      this.requests.approve(caller, id, field(req.body, 'reason')),
    );
  }

  @Get('hoi-dong')
  @Allow(...EVERYONE)
  async council(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'council') throw notFound();
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.councilHtml(ctx, caller, doneNotice(req, ctx.lang)));
  }

  @Post('hoi-dong/chot')
  @Allow(...EVERYONE)
  async freeze(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'council') throw notFound();
    const ctx = contextOf(req, caller);
    const phase = field(req.body, 'phase');
    try {
      if (phase === '')
        throw new Refusal('invalid', 'phase', 'cần chọn một đợt thi đua', 'a campaign phase must be chosen');
      const result = await this.snapshots.freeze(phase, { by: caller.actor });
      redirect(res, ctx, ctx.path === '/' ? '/' : '/hoi-dong', 'frozen', {
        v: `${result.version}:${result.created ? 'new' : 'same'}`,
      });
    } catch (error) {
      const refusal =
        error instanceof SnapshotRequestError
          ? new Refusal(
              'invalid',
              'phase',
              `không có đợt thi đua "${phase.slice(0, 80)}"`,
              `no campaign phase "${phase.slice(0, 80)}"`,
            )
          : error;
      if (!(refusal instanceof Refusal)) throw error;
      sendHtml(
        res,
        400,
        await this.councilHtml({ ...ctx, path: '/hoi-dong' }, caller, refusalNotice(refusal, ctx.lang)),
      );
    }
  }

  /** The council adds or takes points from a score, with the reason (ReviewService: audited, ranks recomputed). */
  @Post('hoi-dong/dieu-chinh')
  @Allow(...EVERYONE)
  async adjust(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'council') throw notFound();
    const ctx = contextOf(req, caller);
    const values = {
      phase: field(req.body, 'phase'),
      level: field(req.body, 'level'),
      subject: field(req.body, 'subject'),
      points: field(req.body, 'points'),
      reason: field(req.body, 'reason'),
    };
    try {
      // People type a decimal comma; "2,5" is 2.5.
      const text = values.points.trim().replace(',', '.').replace('−', '-');
      const points = /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
      if (Number.isNaN(points))
        throw new Refusal(
          'invalid',
          'points',
          'cần một số, ví dụ 2,5 hoặc -5',
          'a number is required, e.g. 2.5 or -5',
        );
      if (values.level !== 'unit' && values.level !== 'person')
        throw new Refusal('invalid', 'level', 'chỉ nhận đơn vị hoặc cá nhân', 'must be unit or person');
      await this.review.adjust({
        phaseId: values.phase,
        level: values.level,
        subjectId: values.subject,
        points,
        reason: values.reason,
        actor: caller.actor,
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return sendHtml(
        res,
        statusOf(error) === 404 ? 400 : statusOf(error),
        await this.councilHtml({ ...ctx, path: '/hoi-dong' }, caller, refusalNotice(error, ctx.lang), values),
      );
    }
    redirect(res, ctx, '/hoi-dong', 'adjusted');
  }

  /** Two frozen versions of a phase side by side: what changed for whom. */
  @Get('hoi-dong/so-sanh/:phase')
  @Allow(...EVERYONE)
  async compare(
    @Caller() caller: Principal,
    @Param('phase') phase: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (!OVERSIGHT_ROLES.has(caller.role)) throw notFound();
    const ctx = contextOf(req, caller);
    const version = (name: string) => {
      const text = queryText(req, name) ?? '';
      if (!/^[1-9]\d{0,8}$/.test(text))
        throw new Refusal(
          'invalid',
          name,
          'cần số phiên bản, ví dụ 1',
          'a version number is required, e.g. 1',
        );
      return Number(text);
    };
    const from = version('tu');
    const to = version('den');
    try {
      sendHtml(res, 200, comparePage(ctx, await this.snapshots.diff(phase, from, to)));
    } catch (error) {
      if (error instanceof SnapshotRequestError) throw notFound();
      throw error;
    }
  }

  @Get('hoi-dong/xuat/:phase/:version')
  @Allow(...EVERYONE)
  async exportVersion(
    @Caller() caller: Principal,
    @Param('phase') phase: string,
    @Param('version') version: string,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (!OVERSIGHT_ROLES.has(caller.role) || !/^[1-9]\d{0,8}$/.test(version)) throw notFound();
    let snapshot;
    try {
      snapshot = await this.snapshots.get(phase, Number(version));
    } catch (error) {
      if (error instanceof SnapshotRequestError) throw notFound();
      throw error;
    }
    const body = await snapshotXlsx(snapshot, this.domain.settings.exportFrame);
    res.statusCode = 200;
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'content-disposition',
      `attachment; filename="danh-gia-${phase.replace(/[^A-Za-z0-9_-]/g, '_')}-v${version}.xlsx"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }

  @Get('quan-tri')
  @Allow(...EVERYONE)
  async admin(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'admin') throw notFound();
    const ctx = contextOf(req, caller);
    sendHtml(res, 200, await this.adminHtml(ctx, req, doneNotice(req, ctx.lang)));
  }

  /** What overriding a day would do, before it is done: nothing is written (PreviewService rolls back). */
  @Post('quan-tri/lich/xem-truoc')
  @Allow(...EVERYONE)
  async previewDay(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'admin') throw notFound();
    const ctx = contextOf(req, caller);
    const values = {
      date: field(req.body, 'date'),
      kind: field(req.body, 'kind'),
      name: field(req.body, 'name'),
    };
    let preview;
    try {
      checkDateField(values.date);
      preview = await this.previews.calendarDay(values.date, { kind: values.kind, name: values.name });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const year = /^\d{4}/.test(values.date) ? Number(values.date.slice(0, 4)) : undefined;
      return sendHtml(
        res,
        statusOf(error) === 404 ? 400 : statusOf(error),
        await this.adminHtml(
          { ...ctx, path: '/quan-tri' },
          req,
          refusalNotice(error, ctx.lang),
          values,
          year,
        ),
      );
    }
    const t = WEB_TEXT[ctx.lang];
    const live = await this.figures.live();
    const kindName =
      values.kind === 'off' || values.kind === 'working' ? t.dayKinds[values.kind] : values.kind;
    sendHtml(
      res,
      200,
      changePreviewPage(
        { ...ctx, path: '/quan-tri' },
        {
          what: WEB_ADMIN_TEXT[ctx.lang].previewDay(values.date, kindName, values.name),
          preview,
          asOf: preview.asOf,
          dataset: live.dataset,
          apply: { action: '/quan-tri/lich', values },
          back: '/quan-tri',
        },
      ),
    );
  }

  @Post('quan-tri/lich')
  @Allow(...EVERYONE)
  async overrideDay(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'admin') throw notFound();
    const ctx = contextOf(req, caller);
    const values = {
      date: field(req.body, 'date'),
      kind: field(req.body, 'kind'),
      name: field(req.body, 'name'),
    };
    try {
      checkDateField(values.date);
      await this.calendar.override(values.date, { kind: values.kind, name: values.name }, caller.actor);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const year = /^\d{4}/.test(values.date) ? Number(values.date.slice(0, 4)) : undefined;
      return sendHtml(
        res,
        statusOf(error) === 404 ? 400 : statusOf(error),
        await this.adminHtml(
          { ...ctx, path: '/quan-tri' },
          req,
          refusalNotice(error, ctx.lang),
          values,
          year,
        ),
      );
    }
    redirect(res, ctx, '/quan-tri', 'overridden', { v: values.date, nam: values.date.slice(0, 4) });
  }

  @Post('quan-tri/nguon/:name/dong-bo')
  @Allow(...EVERYONE)
  async syncNow(
    @Caller() caller: Principal,
    @Param('name') name: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    if (caller.role !== 'admin') throw notFound();
    const ctx = contextOf(req, caller);
    const source = this.catalog.find(name);
    if (source === undefined) throw notFound();
    const runKey = `manual:${randomUUID()}`;
    await this.syncStore.recordRequest(source.name, runKey);
    try {
      await this.queue.enqueue(
        JobName.SyncSource,
        { source: source.name, trigger: 'manual', runKey },
        { jobId: manualJobId(source.name, runKey) },
      );
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      const notice: Notice = {
        kind: 'error',
        text:
          ctx.lang === 'vi'
            ? 'Hàng đợi công việc (Redis) không trả lời; yêu cầu đồng bộ đã được ghi lại và sẽ chạy khi hàng đợi hoạt động trở lại.'
            : 'The job queue (Redis) does not answer; the sync request is recorded and will run once the queue is back.',
      };
      return sendHtml(res, 503, await this.adminHtml({ ...ctx, path: '/quan-tri' }, req, notice));
    }
    redirect(res, ctx, '/quan-tri', 'synced', { v: source.name });
  }

  // ------------------------------------------------------------------------------------------
  // Pages

  private async drafterHtml(ctx: PageContext, caller: Principal, notice: Notice | null): Promise<string> {
    const personId = caller.personId ?? '';
    const live = await this.figures.live();
    const open = (live.byPerson.get(personId) ?? [])
      .filter((ob) => ob.status === 'pending' || ob.status === 'overdue')
      .sort((a, b) => (a.dueDate ?? Infinity) - (b.dueDate ?? Infinity) || (a.id < b.id ? -1 : 1));
    const [scores, reminders, requests] = await Promise.all([
      this.scores.list({ level: 'person', subjectId: personId, limit: 50 }),
      this.reminders.list({ personId, limit: 30 }),
      this.requests.list(caller),
    ]);
    return drafterPage(
      ctx,
      {
        asOf: live.asOf,
        name: live.dataset.people.get(personId)?.name ?? personId,
        open,
        dataset: live.dataset,
        calendar: live.calendar,
        horizon: live.basis.period.horizon,
        scores: scores.items,
        reminders,
        requests,
      },
      notice,
    );
  }

  private async unitHtml(
    ctx: PageContext,
    caller: Principal,
    unitId: string,
    notice: Notice | null,
  ): Promise<string> {
    const live = await this.figures.live();
    if (!live.dataset.units.has(unitId)) throw notFound();
    const digest = unitDigest(live.basis, unitId);
    const [digests, all] = await Promise.all([this.reads.digestsOf(unitId), this.requests.list(caller)]);
    const requests = all.filter((r) => r.unitId === unitId);
    const byId = new Map<string, Obligation>((live.basis.byUnit.get(unitId) ?? []).map((o) => [o.id, o]));
    return unitPage(
      ctx,
      {
        digest,
        asOf: live.asOf,
        digests,
        requests,
        obligations: byId,
        dataset: live.dataset,
        canDecideAsHead: caller.role === 'unit_head',
        calendar: live.calendar,
      },
      notice,
    );
  }

  private async leadershipHtml(ctx: PageContext, notice: Notice | null): Promise<string> {
    const live = await this.figures.live();
    return leadershipPage(ctx, leadershipDigest(live.basis), live.asOf, notice);
  }

  private async requestsHtml(ctx: PageContext, caller: Principal, notice: Notice | null): Promise<string> {
    const live = await this.figures.live();
    return requestsPage(ctx, await this.requests.list(caller), live.dataset, notice);
  }

  private async councilHtml(
    ctx: PageContext,
    caller: Principal,
    notice: Notice | null,
    values?: Record<string, string>,
  ): Promise<string> {
    const live = await this.figures.live();
    const phases = this.domain.campaigns.flatMap((c) =>
      c.phases.map((p) => ({ ...p, campaignName: c.name })),
    );
    const snapshots = new Map(
      await Promise.all(phases.map(async (p) => [p.id, await this.snapshotStore.list(p.id)] as const)),
    );
    return councilPage(
      ctx,
      {
        requests: await this.requests.list(caller),
        adjustments: (await this.reviewStore.listAdjustments({ limit: 20 })).items,
        values,
        dataset: live.dataset,
        phases,
        snapshots,
        asOf: live.asOf,
      },
      notice,
    );
  }

  private async adminHtml(
    ctx: PageContext,
    req: WebRequest,
    notice: Notice | null,
    values: Record<string, string> = {},
    yearAsked?: number,
  ): Promise<string> {
    const now = this.clock.now();
    const yearText = queryText(req, 'nam');
    let year =
      yearAsked ??
      (yearText !== undefined && /^\d{4}$/.test(yearText) ? Number(yearText) : yearOf(localDay(now)));
    let calendar;
    try {
      calendar = await this.calendar.year(year);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      notice ??= refusalNotice(new Refusal('invalid', 'year', error.vi, error.en), ctx.lang);
      year = yearOf(localDay(now));
      calendar = await this.calendar.year(year);
    }
    const sources: SourceRow[] = await Promise.all(
      this.catalog.list().map(async (s) => {
        const lastRun = (await this.syncStore.runs(s.name, 1))[0] ?? null;
        return {
          name: s.name,
          kind: s.kind,
          enabled: s.enabled,
          lastRun,
          rejections: lastRun === null ? [] : await this.syncStore.rejections(lastRun.id),
        };
      }),
    );
    const [audit, evaluations] = await Promise.all([
      this.reviewStore.listAudit({ limit: 30 }),
      this.reads.recentEvaluations(10),
    ]);
    const view: AdminView = { sources, calendar, audit: audit.items, evaluations, asOf: now };
    return adminPage(ctx, view, notice, values);
  }

  private async obligationHtml(
    ctx: PageContext,
    caller: Principal,
    id: string,
    notice: Notice | null,
    reasonValue = '',
  ): Promise<string> {
    const found =
      id.length > 300 || /[\u0000-\u001f\u007f]/.test(id)
        ? null
        : await this.query.get(id, readScope(caller));
    if (found === null) throw notFound();
    const live = await this.figures.live();
    const current = live.byId.get(id) ?? null;
    // Confidential subjects are not in the live list: not shown, as if unknown.
    if (current === null && isHiddenSubject(found.obligation as unknown as Obligation, live.dataset))
      throw notFound();
    const requests = await this.requests.forObligation(id);
    const visible =
      caller.role === 'staff' ? requests.filter((r) => r.personId === caller.personId) : requests;
    const open = visible.some((r) => r.state === 'asked' || r.state === 'forwarded');
    const status = current?.status ?? found.obligation.status;
    const canAsk =
      caller.role === 'staff' &&
      found.obligation.personId === caller.personId &&
      status !== 'exempt' &&
      status !== 'met' &&
      !open;
    const officeUrl = await this.officeUrl(
      current ?? (found.obligation as unknown as Obligation),
      live.dataset,
    );
    return obligationPage(
      { ...ctx, path: `/nghia-vu/${id}` },
      {
        stored: found.obligation,
        history: found.history,
        live: current,
        dataset: live.dataset,
        calendar: live.calendar,
        asOf: live.asOf,
        requests: visible,
        canAsk,
        officeUrl,
      },
      notice,
      reasonValue,
    );
  }

  private async decide(
    caller: Principal,
    req: WebRequest,
    res: ServerResponse,
    ok: string,
    action: () => Promise<unknown>,
  ): Promise<void> {
    if (caller.role !== 'unit_head' && caller.role !== 'leader' && caller.role !== 'council')
      throw notFound();
    const ctx = contextOf(req, caller);
    const back = caller.role === 'council' ? '/' : '/yeu-cau-mien-tru';
    try {
      await action();
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      const notice = refusalNotice(error, ctx.lang);
      const html =
        caller.role === 'council'
          ? await this.councilHtml({ ...ctx, path: '/' }, caller, notice)
          : await this.requestsHtml({ ...ctx, path: back }, caller, notice);
      return sendHtml(res, statusOf(error), html);
    }
    redirect(res, ctx, back, ok);
  }

  private unitInSight(caller: Principal, unitId: string): void {
    if (caller.role === 'staff') throw notFound();
    if (caller.role === 'unit_head' && caller.unitId !== unitId) throw notFound();
  }

  private async digestInSight(caller: Principal, id: string) {
    if (caller.role === 'staff') throw notFound();
    const d = /^[1-9]\d{0,17}$/.test(id) ? await this.digests.byId(id) : null;
    if (d === null || (caller.role === 'unit_head' && (caller.unitId === null || d.unitId !== caller.unitId)))
      throw notFound();
    return d;
  }
}

export { messagePage };
