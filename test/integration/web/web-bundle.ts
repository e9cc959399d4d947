/**
 * The specification's 2024 example, with the Phòng Bưu chính - Viễn thông (BCVT) keeping its weekly
 * schedules and its drafter Dũng (CV2) an official address and mailbox: the unit's only fault is the overdue
 * plan of task e2, so excusing it visibly raises the unit's score. Shared by the page tests and the
 * browser journeys.
 */
import { exampleBundle, writeBundle } from '../../factories/bundle.factory.js';

export function webBundle(): string {
  const bundle = exampleBundle();
  for (let week = 1; week <= 19; week++)
    bundle.weeklySchedules.push({
      unitId: 'BCVT',
      week: `2024-W${String(week).padStart(2, '0')}`,
      publishedAt: '2024-01-02T09:00:00+07:00',
    });
  // Reminders go to official addresses only: Dũng's is on the agency's domain here.
  for (const person of bundle.people) if (person.id === 'CV2') person.email = 'dungtv@hanam.gov.vn';
  bundle.mailboxes.push({
    personId: 'CV2',
    address: 'dungtv@hanam.gov.vn',
    lastActiveAt: '2024-05-07T08:00:00+07:00',
  });
  return writeBundle(bundle, 'web-bundle.json');
}
