import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Drafters' exemption requests: asked, forwarded by the unit head, decided by leadership or the council (issue 14). */
export class ExemptionRequests1796700000000 implements MigrationInterface {
  name = 'ExemptionRequests1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "exemption_requests" ("id" BIGSERIAL NOT NULL, "obligation_id" text NOT NULL, "person_id" text NOT NULL, "unit_id" text NOT NULL, "state" text NOT NULL, "reason" text NOT NULL, "asked_by" text NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "forwarded_by" text, "forwarded_at" TIMESTAMP WITH TIME ZONE, "forward_note" text, "decided_by" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, "exemption_id" bigint, CONSTRAINT "PK_exemption_requests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "exemption_requests_open_key" ON "exemption_requests" ("obligation_id") WHERE "state" IN ('asked', 'forwarded')`,
    );
    await queryRunner.query(
      `CREATE INDEX "exemption_requests_person_idx" ON "exemption_requests" ("person_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "exemption_requests_unit_idx" ON "exemption_requests" ("unit_id", "state") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "exemption_requests"`);
  }
}
