import { Refusal } from '../shared/refusal.js';

/** Why an administrator's calendar or campaign change was refused (see Refusal). */
export class SettingsError extends Refusal {
  override name = 'SettingsError';
}
