/**
 * A bad environment variable, refused at start: the message names the variable, then says what
 * is wrong in Vietnamese and in English (`PORT: phải là số nguyên từ 0 đến 65535 / must be a whole
 * number from 0 to 65535`), the same shape as the API's parameter errors.
 */
export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly reasonVi: string,
    readonly reasonEn: string,
  ) {
    super(`${variable}: ${reasonVi} / ${reasonEn}`);
  }
}
