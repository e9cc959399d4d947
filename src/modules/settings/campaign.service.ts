/**
 * Campaigns as an administrator sees and changes them. A change is validated as
 * config/campaigns.json is (the message names the field), stored, audited, and applies to open
 * phases only: a phase frozen at a review keeps the dates, weights, grades and target it was
 * frozen with. Moving or removing a closed phase is refused; other changes are taken and the
 * closed phases simply keep their frozen settings.
 */
import type { Campaign } from '../../domain/scoring/campaign.js';
import { ConfigValueError } from '../../domain/scoring/campaign-config.js';
import type { FrozenPhase } from '../../domain/scoring/closed-phases.js';
import { formatDay } from '../../domain/time.js';
import type { SettingsStore } from '../../infra/store/settings-store.js';
import type { Clock } from '../core/clock.js';
import type { DomainState } from './domain-state.js';
import { parseCampaignDefinition } from './domain-state.js';
import type { Reevaluation } from './reevaluation.js';
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
  constructor(
    private readonly store: SettingsStore,
    private readonly state: DomainState,
    private readonly reevaluation: Reevaluation,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<CampaignView[]> {
    const [campaigns, frozen, changes] = await Promise.all([
      this.state.configuredCampaigns(),
      this.state.frozenPhases(),
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
    const campaign = await this.check(id, definition);
    const current = (await this.state.configuredCampaigns()).find((c) => c.id === id);
    const before = current === undefined ? null : definitionOf(current);
    const after = definitionOf(campaign);
    await this.store.setCampaign(id, after, { actor, at: this.clock.now(), before });
    await this.state.refresh();
    this.reevaluation.start(`campaign:${id}`);
    return { campaign: await this.get(id), reevaluation: 'started' };
  }

  /**
   * A campaign's new definition checked as config/campaigns.json is and against the closed phases
   * (the message names the field), before it is stored or previewed.
   */
  async check(id: string, definition: unknown): Promise<Campaign> {
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
    const configured = await this.state.configuredCampaigns();
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
    const frozen = await this.state.frozenPhases();
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
    return campaign;
  }

  private async changes(): Promise<Map<string, { by: string; at: string }>> {
    const rows = await this.store.campaignOverrides();
    return new Map(rows.map((r) => [r.id, { by: r.setBy, at: r.setAt.toISOString() }]));
  }
}
