/**
 * The administrator's sub-pages (issue 14): the campaigns with their weights, previewed before
 * they are applied, and people's access. Administrator only: anyone else gets 404, as if the page
 * did not exist. A refused form changes nothing and shows the page again with the field named.
 */
import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { RULES } from '../../domain/rules/obligation.js';
import type { Lang } from '../../i18n/lang.js';
import { WEB_ADMIN_TEXT } from '../../i18n/web-admin-messages.js';
import { WEB_TEXT } from '../../i18n/web-messages.js';
import { RULE_LABELS } from '../../presentation/labels.js';
import { campaignsPage, changePreviewPage } from '../../presentation/web/admin-pages.js';
import type { Notice, PageContext } from '../../presentation/web/web-kit.js';
import { Allow, Caller } from '../access/access.decorators.js';
import type { Principal } from '../access/roles.js';
import { EVERYONE } from '../access/roles.js';
import { PreviewService } from '../preview/preview.service.js';
import { CampaignService } from '../settings/campaign.service.js';
import { Refusal } from '../shared/refusal.js';
import { WebErrorFilter, sendHtml } from './web-error.filter.js';
import { notFound, redirect, refusalNotice, statusOf } from './web.controller.js';
import type { WebRequest } from './web-request.js';
import { contextOf, field, queryText } from './web-request.js';
import { WebFigures } from './web-figures.service.js';

/** A refusal naming its field as the form does: a weight by its rule, else the catalogue's name. */
function adminRefusal(error: Refusal, lang: Lang): Notice {
  const rule = /^(?:w_|weights\.)([a-z_]+)$/.exec(error.field)?.[1];
  if (rule === undefined || !(RULES as readonly string[]).includes(rule)) return refusalNotice(error, lang);
  const label = WEB_ADMIN_TEXT[lang].weight(RULE_LABELS[lang][rule as (typeof RULES)[number]]);
  return { kind: 'error', text: WEB_TEXT[lang].fieldError(label, lang === 'vi' ? error.vi : error.en) };
}

/** The weights typed in a campaign's form, as typed (to show again) and as numbers (refused naming the rule). */
function weightsOf(body: unknown): { typed: Record<string, string>; parse: () => Record<string, number> } {
  const typed = Object.fromEntries(RULES.map((r) => [r, field(body, `w_${r}`)]));
  return {
    typed,
    parse: () =>
      Object.fromEntries(
        RULES.map((r) => {
          // People type a decimal comma; "12,5" is 12.5.
          const text = typed[r].trim().replace(',', '.');
          if (!/^\d{1,4}(\.\d{1,4})?$/.test(text))
            throw new Refusal(
              'invalid',
              `w_${r}`,
              WEB_ADMIN_TEXT.vi.weightInvalid,
              WEB_ADMIN_TEXT.en.weightInvalid,
            );
          return [r, Number(text)];
        }),
      ),
  };
}

@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebAdminController {
  constructor(
    @Inject(CampaignService) private readonly campaigns: CampaignService,
    @Inject(PreviewService) private readonly previews: PreviewService,
    @Inject(WebFigures) private readonly figures: WebFigures,
  ) {}

  @Get('quan-tri/phong-trao')
  @Allow(...EVERYONE)
  async campaignList(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const ok = queryText(req, 'ok') === 'campaign' ? (queryText(req, 'v') ?? '').slice(0, 100) : null;
    const notice: Notice | null =
      ok === null ? null : { kind: 'ok', text: WEB_ADMIN_TEXT[ctx.lang].campaignApplied(ok) };
    sendHtml(res, 200, await this.campaignsHtml(ctx, notice));
  }

  /** What new weights would do, before they are saved: nothing is written (PreviewService rolls back). */
  @Post('quan-tri/phong-trao/:id/xem-truoc')
  @Allow(...EVERYONE)
  async previewCampaign(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const weights = weightsOf(req.body);
    let preview;
    let name: string;
    try {
      const { definition, campaignName } = await this.definitionWith(id, weights.parse());
      name = campaignName;
      preview = await this.previews.campaign(id, definition);
    } catch (error) {
      return this.refused(error, ctx, res, { id, weights: weights.typed });
    }
    const live = await this.figures.live();
    sendHtml(
      res,
      200,
      changePreviewPage(
        { ...ctx, path: '/quan-tri/phong-trao' },
        {
          what: WEB_ADMIN_TEXT[ctx.lang].previewCampaign(name),
          preview,
          asOf: preview.asOf,
          dataset: live.dataset,
          apply: {
            action: `/quan-tri/phong-trao/${encodeURIComponent(id)}`,
            values: Object.fromEntries(Object.entries(weights.typed).map(([r, v]) => [`w_${r}`, v])),
          },
          back: '/quan-tri/phong-trao',
        },
      ),
    );
  }

  /** Saves the weights (CampaignService.update: audited, everything re-evaluated). */
  @Post('quan-tri/phong-trao/:id')
  @Allow(...EVERYONE)
  async applyCampaign(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const weights = weightsOf(req.body);
    try {
      const { definition } = await this.definitionWith(id, weights.parse());
      await this.campaigns.update(id, definition, caller.actor);
    } catch (error) {
      return this.refused(error, ctx, res, { id, weights: weights.typed });
    }
    redirect(res, ctx, '/quan-tri/phong-trao', 'campaign', { v: id });
  }

  // ------------------------------------------------------------------------------------------

  private adminContext(caller: Principal, req: WebRequest): PageContext {
    if (caller.role !== 'admin') throw notFound();
    return contextOf(req, caller);
  }

  /** The campaign as it stands with only its weights replaced (an unknown campaign is 404). */
  private async definitionWith(
    id: string,
    weights: Record<string, number>,
  ): Promise<{ definition: Record<string, unknown>; campaignName: string }> {
    const current = (await this.campaigns.list()).find((c) => c.id === id);
    if (current === undefined) throw notFound();
    return {
      campaignName: current.name,
      definition: {
        name: current.name,
        phases: current.phases.map((p) => ({
          id: p.id,
          name: p.name,
          start: p.start,
          end: p.end,
          review: p.review,
        })),
        weights,
        grades: current.grades,
        excellentTarget: current.excellentTarget,
      },
    };
  }

  private async refused(
    error: unknown,
    ctx: PageContext,
    res: ServerResponse,
    typed: { id: string; weights: Record<string, string> },
  ): Promise<void> {
    if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
    sendHtml(
      res,
      statusOf(error),
      await this.campaignsHtml(
        { ...ctx, path: '/quan-tri/phong-trao' },
        adminRefusal(error, ctx.lang),
        typed,
      ),
    );
  }

  private async campaignsHtml(
    ctx: PageContext,
    notice: Notice | null,
    typed: { id: string; weights: Record<string, string> } | null = null,
  ): Promise<string> {
    return campaignsPage(ctx, await this.campaigns.list(), notice, typed);
  }
}
