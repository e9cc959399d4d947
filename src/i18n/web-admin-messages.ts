/**
 * What the administrator's preview and access pages say, in both languages (Vietnamese first);
 * the rest of the workspace's words are in web-messages.ts.
 */
import type { Lang } from './lang.js';

const VI = {
  previewButton: 'Xem trước',
  applyButton: 'Áp dụng',
  back: 'Quay lại, không áp dụng',
  previewTitle: (what: string) => `Xem trước: ${what}`,
  previewDay: (date: string, kind: string, name: string) => `${date} thành ${kind} "${name}"`,
  previewNote:
    'Chưa có gì thay đổi. Đây là kết quả đánh giá lại toàn bộ với thay đổi này, tại cùng thời điểm; bấm "Áp dụng" để thực hiện.',
  movedSummary: (moved: number, total: number) => `${moved} trên ${total} nghĩa vụ đổi hạn hoặc trạng thái.`,
  movedCapped: (shown: number, moved: number) => `Hiện ${shown} trong số ${moved} nghĩa vụ thay đổi.`,
  movedTable: 'Nghĩa vụ thay đổi',
  noMoves: 'Không có nghĩa vụ nào đổi hạn hoặc trạng thái.',
  obligation: 'Nghĩa vụ',
  unit: 'Đơn vị',
  due: 'Hạn: trước → sau',
  status: 'Trạng thái: trước → sau',
  scoresTable: 'Điểm và thứ hạng của các đơn vị: trước → sau',
  noScoreMoves: 'Không có điểm hay thứ hạng đơn vị nào thay đổi.',
  phase: 'Đợt',
  score: 'Điểm',
  rank: 'Thứ hạng',
  campaignsTitle: 'Phong trào thi đua',
  noCampaigns: 'Chưa có phong trào nào.',
  campaignOf: (name: string, id: string) => `${name} (${id})`,
  phases: 'Các đợt',
  phaseState: { open: 'đang mở', closed: 'đã chốt' } as Record<'open' | 'closed', string>,
  changedBy: (by: string, at: string) => `Sửa lần cuối: ${by}, ${at}`,
  fromFile: 'Theo tệp cấu hình config/campaigns.json',
  weightsOf: (name: string) => `Trọng số các tiêu chí — ${name}`,
  weight: (rule: string) => `Trọng số: ${rule}`,
  weightsNote:
    'Bấm "Xem trước" để thấy điểm và thứ hạng sẽ đổi thế nào; chỉ khi bấm "Áp dụng" ở trang xem trước thì trọng số mới được lưu.',
  previewCampaign: (name: string) => `trọng số phong trào ${name}`,
  weightInvalid: 'cần một số không âm, ví dụ 15 hoặc 12,5',
  weightField: 'Trọng số',
  campaignApplied: (id: string) => `Đã lưu trọng số phong trào ${id}; đang đánh giá lại toàn bộ nghĩa vụ.`,
  late: (days: number) => `trễ ${days} ngày làm việc`,
  none: '—',
};

export type WebAdminText = typeof VI;

const EN: WebAdminText = {
  previewButton: 'Preview',
  applyButton: 'Apply',
  back: 'Go back without applying',
  previewTitle: (what: string) => `Preview: ${what}`,
  previewDay: (date: string, kind: string, name: string) => `${date} becomes ${kind} "${name}"`,
  previewNote:
    'Nothing has changed yet. This is a full re-evaluation with the change, at the same moment; press "Apply" to make it.',
  movedSummary: (moved: number, total: number) =>
    `${moved} of ${total} obligations change due date or status.`,
  movedCapped: (shown: number, moved: number) => `Showing ${shown} of the ${moved} changed obligations.`,
  movedTable: 'Obligations that change',
  noMoves: 'No obligation changes due date or status.',
  obligation: 'Obligation',
  unit: 'Unit',
  due: 'Due: before → after',
  status: 'Status: before → after',
  scoresTable: 'Unit scores and ranks: before → after',
  noScoreMoves: 'No unit score or rank changes.',
  phase: 'Phase',
  score: 'Score',
  rank: 'Rank',
  campaignsTitle: 'Emulation campaigns',
  noCampaigns: 'No campaign yet.',
  campaignOf: (name: string, id: string) => `${name} (${id})`,
  phases: 'Phases',
  phaseState: { open: 'open', closed: 'closed' },
  changedBy: (by: string, at: string) => `Last changed by ${by}, ${at}`,
  fromFile: 'As in config/campaigns.json',
  weightsOf: (name: string) => `Rule weights — ${name}`,
  weight: (rule: string) => `Weight: ${rule}`,
  weightsNote:
    'Press "Preview" to see how scores and ranks would change; the weights are saved only when you press "Apply" on the preview.',
  previewCampaign: (name: string) => `weights of campaign ${name}`,
  weightInvalid: 'a number not below zero is required, e.g. 15 or 12.5',
  weightField: 'Weight',
  campaignApplied: (id: string) =>
    `The weights of campaign ${id} were saved; everything is being judged again.`,
  late: (days: number) => `${days} working day${days === 1 ? '' : 's'} late`,
  none: '—',
};

export const WEB_ADMIN_TEXT: Record<Lang, WebAdminText> = { vi: VI, en: EN };
