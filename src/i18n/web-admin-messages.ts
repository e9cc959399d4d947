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
  late: (days: number) => `${days} working day${days === 1 ? '' : 's'} late`,
  none: '—',
};

export const WEB_ADMIN_TEXT: Record<Lang, WebAdminText> = { vi: VI, en: EN };
