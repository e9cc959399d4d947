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
import type { AccessPersonRow, AccessTokenRow } from '../../presentation/web/admin-pages.js';
import { accessPage, campaignsPage, changePreviewPage } from '../../presentation/web/admin-pages.js';
import { formatDateTime } from '../../presentation/formats.js';
import { AuditStore } from '../../infra/store/audit-store.js';
import { SessionStore } from '../../infra/store/session-store.js';
import { TokenStore, isExpired } from '../../infra/store/token-store.js';
import type { CliMessage } from '../../i18n/cli-messages.js';
import type { WebAdminText } from '../../i18n/web-admin-messages.js';
import { changeGrant } from '../access/grant-admin.js';
import { GRANTABLE, accessOf } from '../access/person-access.js';
import { PersonAccessError, SignInService } from '../access/sign-in.service.js';
import { TokenRequestError, createTokenWith, revokeTokenWith } from '../access/token-admin.js';
import { ROLES } from '../access/roles.js';
import { Clock } from '../core/clock.js';
import { SourceCatalog } from '../sync/source-catalog.service.js';
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

/** Which form field a refused token request is about, by its message. */
function tokenField(key: CliMessage): (a: WebAdminText) => string {
  if (key.startsWith('tokenRole')) return (a) => a.role;
  if (key.startsWith('tokenSource')) return (a) => a.tokenSource;
  if (key.startsWith('tokenExpires') || key.startsWith('tokenExpiry')) return (a) => a.tokenDays;
  return (a) => a.tokenPerson;
}

@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebAdminController {
  constructor(
    @Inject(CampaignService) private readonly campaigns: CampaignService,
    @Inject(PreviewService) private readonly previews: PreviewService,
    @Inject(WebFigures) private readonly figures: WebFigures,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AuditStore) private readonly audit: AuditStore,
    @Inject(TokenStore) private readonly tokens: TokenStore,
    @Inject(SourceCatalog) private readonly catalog: SourceCatalog,
    @Inject(SignInService) private readonly signIn: SignInService,
    @Inject(Clock) private readonly clock: Clock,
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

  @Get('quan-tri/truy-cap')
  @Allow(...EVERYONE)
  async accessList(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    sendHtml(res, 200, await this.accessHtml(ctx, this.accessNotice(req, ctx.lang)));
  }

  @Post('quan-tri/truy-cap/cap-quyen')
  @Allow(...EVERYONE)
  grant(@Caller() caller: Principal, @Req() req: WebRequest, @Res() res: ServerResponse): Promise<void> {
    return this.changeGrant(caller, req, res, 'grant');
  }

  @Post('quan-tri/truy-cap/thu-hoi')
  @Allow(...EVERYONE)
  revoke(@Caller() caller: Principal, @Req() req: WebRequest, @Res() res: ServerResponse): Promise<void> {
    return this.changeGrant(caller, req, res, 'revoke');
  }

  /** A one-time sign-in link, shown on the answer this once (not redirected: the link is not kept). */
  @Post('quan-tri/truy-cap/lien-ket')
  @Allow(...EVERYONE)
  async signInLink(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const personId = field(req.body, 'person');
    const a = WEB_ADMIN_TEXT[ctx.lang];
    let made;
    try {
      made = await this.signIn.printLink(personId.slice(0, 200), caller.actor);
    } catch (error) {
      if (!(error instanceof PersonAccessError)) throw error;
      const refusal = new Refusal(
        'invalid',
        'person',
        error.reason === 'unknown' ? 'không có người này' : 'người này đã nghỉ, không đăng nhập được',
        error.reason === 'unknown' ? 'no such person' : 'this person left and cannot sign in',
      );
      return sendHtml(res, 400, await this.accessHtml(ctx, this.refusalOf(refusal, ctx.lang)));
    }
    const who = made.person.name === null ? personId : `${made.person.name} (${personId})`;
    const role = `${(WEB_TEXT[ctx.lang].roles as Record<string, string>)[made.role] ?? made.role}`;
    sendHtml(
      res,
      200,
      await this.accessHtml({ ...ctx, path: '/quan-tri/truy-cap' }, null, {
        text: a.linkMade(who, role, formatDateTime(made.expiresAt)),
        value: made.url,
      }),
    );
  }

  /** An API token, its secret shown on the answer this once. */
  @Post('quan-tri/truy-cap/ma-truy-cap')
  @Allow(...EVERYONE)
  async makeToken(
    @Caller() caller: Principal,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const values = {
      role: field(req.body, 'role'),
      person: field(req.body, 'person'),
      source: field(req.body, 'source'),
      days: field(req.body, 'days'),
      label: field(req.body, 'label'),
    };
    let made;
    try {
      made = await createTokenWith(
        this.tokenDeps(),
        {
          role: values.role,
          person: values.person.trim() === '' ? undefined : values.person.trim(),
          source: values.source.trim() === '' ? undefined : values.source.trim(),
          expiresIn: values.days.trim() === '' ? undefined : values.days.trim(),
          label: values.label.trim() === '' ? undefined : values.label.trim().slice(0, 200),
        },
        caller.actor,
      );
    } catch (error) {
      if (!(error instanceof TokenRequestError)) throw error;
      const text = error.say(ctx.lang).replace(/^--[a-z-]+:\s*/, '');
      const name = tokenField(error.key);
      const notice: Notice = {
        kind: 'error',
        text: WEB_TEXT[ctx.lang].fieldError(name(WEB_ADMIN_TEXT[ctx.lang]), text),
      };
      return sendHtml(res, 400, await this.accessHtml(ctx, notice, null, values));
    }
    sendHtml(
      res,
      200,
      await this.accessHtml({ ...ctx, path: '/quan-tri/truy-cap' }, null, {
        text: WEB_ADMIN_TEXT[ctx.lang].tokenMade(made.id, formatDateTime(made.expiresAt.getTime())),
        value: made.token,
      }),
    );
  }

  @Post('quan-tri/truy-cap/ma-truy-cap/:id/thu-hoi')
  @Allow(...EVERYONE)
  async revokeToken(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Req() req: WebRequest,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    if (!/^[1-9]\d{0,17}$/.test(id)) throw notFound();
    const done = await revokeTokenWith(this.tokenDeps(), id, caller.actor);
    redirect(res, ctx, '/quan-tri/truy-cap', done ? 'token-revoked' : 'token-unchanged', { v: id });
  }

  // ------------------------------------------------------------------------------------------

  private tokenDeps() {
    return { tokens: this.tokens, audit: this.audit, catalog: this.catalog };
  }

  private refusalOf(error: Refusal, lang: Lang): Notice {
    const a = WEB_ADMIN_TEXT[lang];
    const names: Record<string, string> = { person: a.person, role: a.grantRole };
    const name = names[error.field];
    return name === undefined
      ? refusalNotice(error, lang)
      : { kind: 'error', text: WEB_TEXT[lang].fieldError(name, lang === 'vi' ? error.vi : error.en) };
  }

  private async changeGrant(
    caller: Principal,
    req: WebRequest,
    res: ServerResponse,
    action: 'grant' | 'revoke',
  ): Promise<void> {
    const ctx = this.adminContext(caller, req);
    const personId = field(req.body, 'person');
    const role = field(req.body, 'role');
    let outcome;
    try {
      outcome = await changeGrant(
        { sessions: this.sessions, audit: this.audit },
        action,
        personId,
        role,
        caller.actor,
        this.clock.now(),
      );
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return sendHtml(res, 400, await this.accessHtml(ctx, this.refusalOf(error, ctx.lang)));
    }
    const ok = outcome.changed ? action : `${action}-unchanged`;
    redirect(res, ctx, '/quan-tri/truy-cap', ok, {
      v: `${outcome.ended}:${role}:${personId}`.slice(0, 300),
    });
  }

  /** What a redirect after a grant, revoke or token revocation says. */
  private accessNotice(req: WebRequest, lang: Lang): Notice | null {
    const a = WEB_ADMIN_TEXT[lang];
    const v = queryText(req, 'v') ?? '';
    const [ended, role, ...rest] = v.split(':');
    const personId = rest.join(':');
    const roleName = a.grantableRoles[role] ?? role;
    switch (queryText(req, 'ok')) {
      case 'grant':
        return { kind: 'ok', text: a.granted(personId, roleName, Number(ended) || 0) };
      case 'revoke':
        return { kind: 'ok', text: a.revoked(personId, roleName, Number(ended) || 0) };
      case 'grant-unchanged':
        return { kind: 'ok', text: a.alreadyGranted(personId, roleName) };
      case 'revoke-unchanged':
        return { kind: 'ok', text: a.notGranted(personId, roleName) };
      case 'token-revoked':
        return { kind: 'ok', text: a.tokenRevoked(v.slice(0, 20)) };
      case 'token-unchanged':
        return { kind: 'ok', text: a.tokenNotRevoked(v.slice(0, 20)) };
      default:
        return null;
    }
  }

  private async accessHtml(
    ctx: PageContext,
    notice: Notice | null,
    secret: { text: string; value: string } | null = null,
    values: Record<string, string> = {},
  ): Promise<string> {
    const live = await this.figures.live();
    const people: AccessPersonRow[] = [];
    for (const p of [...live.dataset.people.values()].sort((x, y) => (x.id < y.id ? -1 : 1))) {
      const stored = await this.sessions.person(p.id);
      if (stored === null) continue;
      const access = accessOf(stored);
      people.push({
        id: p.id,
        name: stored.name,
        unitName: live.dataset.units.get(stored.unitId)?.name ?? stored.unitId,
        jobRole: stored.jobRole,
        role: access.ok ? (access.role as AccessPersonRow['role']) : null,
        grants: stored.grants,
      });
    }
    const now = new Date(this.clock.now());
    const tokens: AccessTokenRow[] = (await this.tokens.list()).map((k) => ({
      id: k.id,
      label: k.label,
      role: k.role,
      personId: k.personId,
      source: k.source,
      expiresAt: k.expiresAt,
      lastUsedAt: k.lastUsedAt,
      state: k.revokedAt !== null ? 'revoked' : isExpired(k, now) ? 'expired' : 'live',
    }));
    return accessPage(
      { ...ctx, path: '/quan-tri/truy-cap' },
      {
        people,
        tokens,
        grantable: GRANTABLE,
        roles: ROLES,
        sources: this.catalog.list().map((s) => s.name),
        secret,
        values,
      },
      notice,
    );
  }

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
