import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room on each page for the nightly updates (written by hand: storage parameters are not in the
 * entities). Every night the overdue obligations count another working day late and the stored
 * scores name the new evaluation; neither change touches an indexed column, so with free space on
 * the row's page Postgres updates it in place (a HOT update) instead of adding an entry to every
 * index — a third of the time, measured on the 1M-record year (docs/benchmarks.md). Pages written
 * before this keep no room until their rows move; `VACUUM FULL obligations` rewrites them at once.
 */
export class UpdateRoom1796443834081 implements MigrationInterface {
  name = 'UpdateRoom1796443834081';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "obligations" SET (fillfactor = 85)`);
    await queryRunner.query(`ALTER TABLE "scores" SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "scores" RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE "obligations" RESET (fillfactor)`);
  }
}
