import type { RuleId, Status } from '../domain/rules/obligation.js';
import type { Grade } from '../domain/scoring/campaign.js';
import type { Lang } from '../i18n/lang.js';

/** Names people read for rules, statuses and grades. Vietnamese as the campaign documents say it. */
export const RULE_LABELS: Record<Lang, Record<RuleId, string>> = {
  vi: {
    plan: 'Báo cáo kế hoạch thực hiện (3 ngày)',
    staff_submission: 'Chuyên viên trình dự thảo cho lãnh đạo đơn vị',
    unit_submission: 'Đơn vị trình dự thảo cho lãnh đạo sở',
    review_rounds: 'Số lần góp ý dự thảo',
    document_channel: 'Văn bản quản lý trên phần mềm',
    digital_signature: 'Chữ ký số cơ quan và cá nhân',
    official_mailbox: 'Sử dụng hộp thư công vụ',
    weekly_schedule: 'Lịch công tác tuần đúng hạn',
  },
  en: {
    plan: 'Implementation plan (3 days)',
    staff_submission: 'Drafter submits to unit head',
    unit_submission: 'Unit submits to leadership',
    review_rounds: 'Review rounds',
    document_channel: 'Documents on the software',
    digital_signature: 'Agency and signer digital signatures',
    official_mailbox: 'Official mailbox in use',
    weekly_schedule: 'Weekly schedule on time',
  },
};

export const STATUS_LABELS: Record<Lang, Record<Status, string>> = {
  vi: {
    pending: 'Chưa đến hạn',
    met: 'Đạt',
    late: 'Trễ hạn',
    overdue: 'Quá hạn',
    violated: 'Vi phạm',
    exempt: 'Được miễn',
    // A source is stale: the verdict waits for fresh data (docs/freshness.md).
    unknown: 'Chưa đủ dữ liệu',
  },
  en: {
    pending: 'Pending',
    met: 'Met',
    late: 'Late',
    overdue: 'Overdue',
    violated: 'Violated',
    exempt: 'Exempt',
    unknown: 'Not enough data',
  },
};

export const GRADE_LABELS: Record<Lang, Record<Grade, string>> = {
  vi: {
    excellent: 'Hoàn thành xuất sắc',
    good: 'Hoàn thành tốt',
    pass: 'Hoàn thành',
    fail: 'Không hoàn thành',
  },
  en: { excellent: 'Excellent', good: 'Good', pass: 'Pass', fail: 'Fail' },
};
