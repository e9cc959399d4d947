import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens expire (issue 14), and an `integration` token may be bound to one source (issue 12).
 * The column statements are what scripts/generate-migration.ts writes for the entities; the UPDATE
 * is by hand: tokens made before expiry existed are given 90 days from this migration (the default
 * lifetime of a new token) rather than left valid forever, so the administrator sees them in
 * `dunghan token list` and replaces them in time instead of finding them refused at once.
 */
export class TokenExpiry1796690822004 implements MigrationInterface {
  name = 'TokenExpiry1796690822004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD "source" text`);
    await queryRunner.query(
      `UPDATE "api_tokens" SET "expires_at" = now() + interval '90 days' WHERE "revoked_at" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "source"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "expires_at"`);
  }
}
