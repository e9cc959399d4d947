/** Why an administrator's change was refused: `kind` maps to 400, 404 or 409; `field` names what. */
export class SettingsError extends Error {
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict',
    readonly field: string,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${field}: ${vi} / ${en}`);
    this.name = 'SettingsError';
  }
}
