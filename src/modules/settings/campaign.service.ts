/**
 * Campaigns as an administrator sees and changes them. A change is validated as
 * config/campaigns.json is (the message names the field), stored, audited, and applies to open
 * phases only: a phase frozen at a review keeps the dates, weights, grades and target it was
 * frozen with. Moving or removing a closed phase is refused; other changes are taken and the
 * closed phases simply keep their frozen settings.
 */
import type { AppContext } from '../../app/app-context.js';
import { parseCampaignDefinition } from '../../app/domain-state.js';
import type { Campaign } from '../../domain/scoring/campaign.js';
import { ConfigValueError } from '../../domain/scoring/campaign-config.js';
import type { FrozenPhase } from '../../domain/scoring/closed-phases.js';
import { formatDay } from '../../domain/time.js';
import { markEverything, startReevaluation } from './reevaluation.js';
import { SettingsError } from './settings.errors.js';

/** A campaign in the shape of config/campaigns.json, each phase with whether it is closed. */
export interface CampaignView {
  id: string;
  name: string;
  weights: Campaign['weights'];
  grades: Campaign['grades'];
  excellentTarget: number;
  phases: {
    id: string;
    name: string;
    start: string;
    end: string;
    review: 'preliminary' | 'final';
    state: 'open' | 'closed';
    /** Closed phases: what they are scored with, whatever the campaign now says. */
    frozen?: { weights: FrozenPhase['weights']; grades?: FrozenPhase['grades']; excellentTarget?: number };
  }[];
  /** `file` (config/campaigns.json) or who changed it through the API, and when. */
  changedBy: string | null;
  changedAt: string | null;
}

function definitionOf(c: Campaign): Record<string, unknown> {
  return {
    name: c.name,
    phases: c.phases.map((p) => ({
      id: p.id,
      name: p.name,
      start: formatDay(p.start),
      end: formatDay(p.end),
      review: p.review,
    })),
    weights: c.weights,
    grades: c.grades,
    excellentTarget: c.excellentTarget,
  };
}

export class CampaignService {
  constructor(private readonly ctx: AppContext) {}

  async list(): Promise<CampaignView[]> {
    const [campaigns, frozen, changes] = await Promise.all([
      this.ctx.domainState.configuredCampaigns(),
      this.ctx.domainState.frozenPhases(),
      this.changes(),
    ]);
    return campaigns.map((c) => {
      const change = changes.get(c.id);
      return {
        id: c.id,
        ...(definitionOf(c) as Omit<CampaignView, 'id' | 'phases' | 'changedBy' | 'changedAt'>),
        phases: c.phases.map((p) => {
          const f = frozen.get(p.id);
          return {
            id: p.id,
            name: p.name,
            start: formatDay(p.start),
            end: formatDay(p.end),
            review: p.review,
            state: f === undefined ? ('open' as const) : ('closed' as const),
            ...(f === undefined
              ? {}
              : {
                  frozen: {
                    weights: f.weights,
                    ...(f.grades ? { grades: f.grades } : {}),
                    ...(f.excellentTarget !== undefined ? { excellentTarget: f.excellentTarget } : {}),
                  },
                }),
          };
        }),
        changedBy: change?.by ?? null,
        changedAt: change?.at ?? null,
      };
    });
  }

  async get(id: string): Promise<CampaignView> {
    const found = (await this.list()).find((c) => c.id === id);
    if (found === undefined)
      throw new SettingsError(
        'not_found',
        'id',
        `không có phong trào "${id.slice(0, 80)}"`,
        `no campaign "${id.slice(0, 80)}"`,
      );
    return found;
  }

  /** Replaces a campaign's definition (or adds a campaign); re-evaluation started. */
  async update(
    id: string,
    definition: unknown,
    actor: string,
  ): Promise<{ campaign: CampaignView; reevaluation: 'started' }> {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(id))
      throw new SettingsError(
        'invalid',
        'id',
        'chỉ gồm chữ, số, . _ -, tối đa 100 ký tự',
        'letters, digits, . _ - only, at most 100',
      );
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition))
      throw new SettingsError('invalid', 'body', 'cần một đối tượng JSON', 'a JSON object is required');
    let campaign: Campaign;
    try {
      campaign = parseCampaignDefinition(id, definition);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) throw error;
      const field = error.path.replace(/^campaigns\[0\]\.?/, '') || 'body';
      throw new SettingsError('invalid', field, error.reason, error.reason);
    }
    const configured = await this.ctx.domainState.configuredCampaigns();
    const others = configured.filter((c) => c.id !== id);
    campaign.phases.forEach((p, i) => {
      const owner = others.find((c) => c.phases.some((q) => q.id === p.id));
      if (owner !== undefined)
        throw new SettingsError(
          'conflict',
          `phases[${i}].id`,
          `đợt ${p.id} đã thuộc phong trào ${owner.id}`,
          `phase ${p.id} already belongs to campaign ${owner.id}`,
        );
    });
    const frozen = await this.ctx.domainState.frozenPhases();
    const current = configured.find((c) => c.id === id);
    for (const phase of current?.phases ?? []) {
      const f = frozen.get(phase.id);
      if (f === undefined) continue;
      const i = campaign.phases.findIndex((p) => p.id === phase.id);
      const closed = (field: string, vi: string, en: string) =>
        new SettingsError(
          'conflict',
          field,
          `đợt ${phase.id} đã chốt (sơ kết/tổng kết): ${vi}`,
          `phase ${phase.id} is closed (frozen at its review): ${en}`,
        );
      if (i < 0) throw closed('phases', 'không thể bỏ đợt này', 'it cannot be removed');
      const p = campaign.phases[i];
      if (p.start !== f.start || p.end !== f.end)
        throw closed(
          `phases[${i}].${p.start !== f.start ? 'start' : 'end'}`,
          'không thể đổi ngày',
          'its dates cannot change',
        );
      if (p.review !== f.review)
        throw closed(`phases[${i}].review`, 'không thể đổi loại đợt', 'its review cannot change');
    }
    const before = current === undefined ? null : definitionOf(current);
    const after = definitionOf(campaign);
    await this.ctx.dataSource.transaction(async (m) => {
      const now = new Date(this.ctx.now());
      await m.query(
        `INSERT INTO campaign_overrides (id, definition, set_by, set_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET definition = $2, set_by = $3, set_at = $4`,
        [id, JSON.stringify(after), actor, now],
      );
      await markEverything((sql) => m.query(sql));
      await m.query(
        `INSERT INTO audit_log (at, actor, action, target, reason, before, after)
         VALUES ($1, $2, 'campaign.update', $3, NULL, $4, $5)`,
        [now, actor, `campaign:${id}`, JSON.stringify(before), JSON.stringify(after)],
      );
    });
    await this.ctx.refreshDomain();
    startReevaluation(this.ctx, `campaign:${id}`);
    return { campaign: await this.get(id), reevaluation: 'started' };
  }

  private async changes(): Promise<Map<string, { by: string; at: string }>> {
    const rows = (await this.ctx.dataSource.query('SELECT id, set_by, set_at FROM campaign_overrides')) as {
      id: string;
      set_by: string;
      set_at: Date;
    }[];
    return new Map(rows.map((r) => [r.id, { by: r.set_by, at: r.set_at.toISOString() }]));
  }
}
