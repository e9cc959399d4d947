import type { Lang } from './lang.js';

/**
 * Everything the command line says to a person, in both languages: its help, its errors (a
 * person's mistake: what is wrong and what to do, no stack trace) and its summaries and lists.
 * Placeholders are `{name}`; a single value is `{value}`.
 */
const MESSAGES = {
  // The argument parser (commander): help headings and its own errors.
  helpUsage: { vi: 'Cách dùng:', en: 'Usage:' },
  helpOptions: { vi: 'Tuỳ chọn:', en: 'Options:' },
  helpCommands: { vi: 'Lệnh:', en: 'Commands:' },
  helpArguments: { vi: 'Tham số:', en: 'Arguments:' },
  helpGlobalOptions: { vi: 'Tuỳ chọn chung:', en: 'Global Options:' },
  helpOptionsTerm: { vi: '[tuỳ chọn]', en: '[options]' },
  helpCommandTerm: { vi: '[lệnh]', en: '[command]' },
  helpOption: { vi: 'hiện hướng dẫn của lệnh', en: 'display help for command' },
  helpCommand: { vi: 'hiện hướng dẫn của một lệnh', en: 'display help for a command' },
  versionOption: { vi: 'in số phiên bản', en: 'output the version number' },
  unknownOption: { vi: 'Không có tuỳ chọn {value}.', en: 'Unknown option {value}.' },
  unknownCommand: { vi: 'Không có lệnh {value}.', en: 'Unknown command {value}.' },
  missingArgument: { vi: 'Thiếu tham số {value}.', en: 'Missing argument {value}.' },
  optionMissingArgument: {
    vi: 'Tuỳ chọn {value} cần một giá trị.',
    en: 'Option {value} needs a value.',
  },
  missingMandatoryOption: {
    vi: 'Thiếu tuỳ chọn bắt buộc {value}.',
    en: 'Required option {value} is missing.',
  },
  excessArguments: { vi: 'Thừa tham số: {value}.', en: 'Too many arguments: {value}.' },
  parseError: { vi: 'Lệnh không hợp lệ: {value}', en: 'Invalid command line: {value}' },
  didYouMean: { vi: 'Có phải ý bạn là {value}?', en: 'Did you mean {value}?' },
  seeHelp: { vi: 'Xem hướng dẫn: {value} --help', en: 'See: {value} --help' },

  // Options every command shares.
  asOfMissing: {
    vi: 'Thiếu --as-of: cho biết thời điểm đánh giá, ví dụ --as-of 2025-03-20T17:00:00+07:00 hoặc --as-of 20/03/2025',
    en: 'Missing --as-of: give the instant to evaluate at, e.g. --as-of 2025-03-20T17:00:00+07:00 or --as-of 20/03/2025',
  },
  asOfNoOffset: {
    vi: '--as-of {value}: thiếu múi giờ; hãy ghi rõ, ví dụ {value}+07:00',
    en: '--as-of {value}: no UTC offset; write it out, e.g. {value}+07:00',
  },
  asOfInvalid: {
    vi: '--as-of {value}: không phải thời điểm hợp lệ (dd/mm/yyyy [HH:mm] giờ Việt Nam, YYYY-MM-DD hoặc YYYY-MM-DDTHH:mm:ss+07:00)',
    en: '--as-of {value}: not a valid instant (dd/mm/yyyy [HH:mm] Vietnam time, YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss+07:00)',
  },
  bundleMissing: {
    vi: 'Thiếu --bundle: cho biết ít nhất một tệp dữ liệu (dunghan.bundle.v1)',
    en: 'Missing --bundle: give at least one bundle file (dunghan.bundle.v1)',
  },
  formatInvalid: {
    vi: '--format {value}: chỉ nhận json hoặc table',
    en: '--format {value}: must be json or table',
  },
  staleInvalid: {
    vi: '--stale {value}: cần NGUỒN=THỜI_ĐIỂM (lần đồng bộ thành công gần nhất của nguồn), ví dụ --stale vpdt=2025-03-17T02:00:00+07:00',
    en: "--stale {value}: expected SOURCE=INSTANT (the source's last successful sync), e.g. --stale vpdt=2025-03-17T02:00:00+07:00",
  },
  langInvalid: { vi: '--lang {value}: chỉ nhận vi hoặc en', en: '--lang {value}: must be vi or en' },
  config: { vi: 'Cấu hình không dùng được: {value}', en: 'Configuration cannot be used: {value}' },
  skipped: {
    vi: 'Đã bỏ qua {value} bản ghi không hợp lệ; các bản ghi còn lại vẫn được đánh giá.',
    en: 'Invalid records skipped: {value}; the other records were evaluated.',
  },

  // import, obligations, sync, sources, runs
  imported: {
    vi: 'Đã nhập (lượt {run}): thêm {inserted}, cập nhật {updated}, không đổi {unchanged}, bị loại {rejected}. Đánh giá tại {asOf}: {obligations} nghĩa vụ, {changed} thay đổi.',
    en: 'Imported (run {run}): {inserted} inserted, {updated} updated, {unchanged} unchanged, {rejected} rejected. Evaluated as of {asOf}: {obligations} obligations, {changed} changed.',
  },
  unitUnknown: {
    vi: '--unit {value}: không có đơn vị này trong dữ liệu đã lưu; các đơn vị: {known}',
    en: '--unit {value}: no such unit in the stored data; units: {known}',
  },
  sourceUnknown: {
    vi: '--source {value}: không có nguồn này trong cấu hình; các nguồn: {known}',
    en: '--source {value}: no such source is configured; sources: {known}',
  },
  synced: {
    vi: '{source} (lượt {run}): {batches} lô, {seen} bản ghi; thêm {inserted}, cập nhật {updated}, không đổi {unchanged}, xoá {deleted}, bị loại {rejected}, cảnh báo {warnings}.',
    en: '{source} (run {run}): {batches} batches, {seen} records; {inserted} inserted, {updated} updated, {unchanged} unchanged, {deleted} deleted, {rejected} rejected, {warnings} warnings.',
  },
  syncBusy: {
    vi: '{value}: một lượt đồng bộ khác đang chạy, bỏ qua.',
    en: '{value}: another sync run is in progress; skipped.',
  },
  sourcesHeader: {
    vi: 'Nguồn\tLoại\tTrạng thái\tLịch chạy\tLượt gần nhất\tCon trỏ',
    en: 'Source\tKind\tState\tSchedule\tLast run\tCursor',
  },
  sourceEnabled: { vi: 'đang bật', en: 'enabled' },
  sourceDisabled: { vi: 'đang tắt', en: 'disabled' },
  cursorSet: { vi: 'đã có', en: 'set' },
  noSources: {
    vi: 'Chưa cấu hình nguồn nào (config/sources.json).',
    en: 'No sources configured (config/sources.json).',
  },
  runsHeader: {
    vi: 'Lượt\tNguồn\tKích hoạt\tTrạng thái\tBắt đầu\tThời gian\tĐã đọc\tThêm\tCập nhật\tKhông đổi\tXoá\tBị loại\tCảnh báo\tLỗi',
    en: 'Run\tSource\tTrigger\tStatus\tStarted\tDuration\tSeen\tInserted\tUpdated\tUnchanged\tDeleted\tRejected\tWarnings\tError',
  },
  noRuns: { vi: 'Chưa có lượt đồng bộ nào.', en: 'No sync runs yet.' },
  runUnknown: {
    vi: '--rejections {value}: không có lượt đồng bộ số {value} (xem: dunghan runs)',
    en: '--rejections {value}: there is no sync run {value} (see: dunghan runs)',
  },
  noRejections: { vi: 'Lượt {value} không loại bản ghi nào.', en: 'Run {value} rejected no record.' },
  limitInvalid: {
    vi: '--limit {value}: phải là số nguyên dương',
    en: '--limit {value}: must be a positive whole number',
  },
  severityError: { vi: 'lỗi', en: 'error' },
  severityWarning: { vi: 'cảnh báo', en: 'warning' },
  runStatusRunning: { vi: 'đang chạy', en: 'running' },
  runStatusSucceeded: { vi: 'thành công', en: 'succeeded' },
  runStatusFailed: { vi: 'thất bại', en: 'failed' },

  // token
  tokenRoleInvalid: {
    vi: '--role: "{value}" không phải một trong {known}',
    en: '--role: "{value}" is not one of {known}',
  },
  tokenPersonNeeded: {
    vi: '--person: mã {value} dùng cho đúng một người; hãy cho biết mã người đó',
    en: '--person: a {value} token speaks for one person; give her id',
  },
  tokenPersonUnknown: {
    vi: '--person: không có người "{value}" trong dữ liệu đã lưu (đã đồng bộ chưa?)',
    en: '--person: no person "{value}" is stored (run a sync first?)',
  },
  tokenUnitUnknown: {
    vi: '--unit: không có đơn vị "{value}" trong dữ liệu đã lưu',
    en: '--unit: no unit "{value}" is stored',
  },
  tokenHeadsNone: {
    vi: '--person: "{value}" không phụ trách đơn vị nào; cho biết đơn vị bằng --unit',
    en: '--person: "{value}" heads no unit; name the unit with --unit',
  },
  tokenHeadsMany: {
    vi: '--person: "{value}" phụ trách {count} đơn vị; chọn một bằng --unit',
    en: '--person: "{value}" heads {count} units; name one with --unit',
  },
  tokenUnitNotAllowed: {
    vi: '--unit: chỉ mã của trưởng đơn vị (unit_head) mới gắn với một đơn vị',
    en: '--unit: only a unit_head token is tied to a unit',
  },
  tokenPersonNotAllowed: {
    vi: '--person: mã tích hợp (integration) là của một hệ thống, không gắn với người nào',
    en: '--person: an integration token belongs to a system, not to a person',
  },
  tokenSourceNotAllowed: {
    vi: '--source: chỉ mã tích hợp (integration) mới gắn với một nguồn dữ liệu',
    en: '--source: only an integration token is tied to a source',
  },
  tokenSourceUnknown: {
    vi: '--source: không có nguồn "{value}" trong cấu hình (sources.json)',
    en: '--source: no source "{value}" is configured (sources.json)',
  },
  tokenExpiresInInvalid: {
    vi: '--expires-in {value}: phải là số ngày nguyên từ 1 đến {max}',
    en: '--expires-in {value}: must be a whole number of days from 1 to {max}',
  },
  tokenExpiresInvalid: {
    vi: '--expires {value}: phải là một ngày sau hôm nay, dạng YYYY-MM-DD (mã dùng được hết ngày đó, giờ Việt Nam), tối đa {max} ngày nữa',
    en: '--expires {value}: must be a day after today, as YYYY-MM-DD (the token works to the end of that day, Vietnam time), at most {max} days ahead',
  },
  tokenExpiryTwice: {
    vi: '--expires-in và --expires: chỉ dùng một trong hai',
    en: '--expires-in and --expires: use one or the other',
  },
  tokenExpiresLine: { vi: '# Hết hạn: {value}', en: '# Expires: {value}' },
  tokenSource: { vi: 'nguồn {value}', en: 'source {value}' },
  tokenExpiredAt: { vi: 'hết hạn {value}', en: 'expired {value}' },
  tokenNeverExpires: { vi: 'không hết hạn', en: 'never' },
  tokenCreated: {
    vi: '# Mã truy cập {id} ({who}). Chỉ hiện một lần: hãy lưu lại ngay. Dùng: Authorization: Bearer <mã>',
    en: '# Token {id} ({who}). Shown once: store it now. Use: Authorization: Bearer <token>',
  },
  tokenUnit: { vi: 'đơn vị {value}', en: 'unit {value}' },
  tokenRevoked: { vi: 'Đã thu hồi mã truy cập {value}.', en: 'Token {value} revoked.' },
  tokenNotActive: {
    vi: 'Không có mã truy cập đang hiệu lực số {value} (xem: dunghan token list)',
    en: 'No active token {value} (see: dunghan token list)',
  },
  tokensHeader: {
    vi: 'Số\tVai trò\tNgười\tĐơn vị\tNguồn\tTên gợi nhớ\tMở đầu\tTrạng thái\tHết hạn\tDùng lần cuối',
    en: 'Id\tRole\tPerson\tUnit\tSource\tLabel\tPrefix\tState\tExpires\tLast used',
  },
  tokenActive: { vi: 'còn hiệu lực', en: 'active' },

  // calendar load
  calendarFileUnreadable: {
    vi: '{file}: không đọc được tệp ({reason})',
    en: '{file}: cannot be read ({reason})',
  },
  calendarFileNotJson: {
    vi: '{file}: không phải JSON hợp lệ ({reason})',
    en: '{file}: is not valid JSON ({reason})',
  },
  calendarFileInvalid: {
    vi: '{file}: {reason} — lịch không thay đổi.',
    en: '{file}: {reason} — the calendar is unchanged.',
  },
  calendarLoaded: {
    vi: 'Đã nạp lịch nghỉ năm {year} ({days} ngày; nguồn: {source}); lịch này thay cho lịch {replaced} của năm. Đã đánh giá lại các nghĩa vụ đang mở.',
    en: 'Loaded the {year} calendar ({days} days; source: {source}); it replaces the year’s {replaced} calendar. The open obligations were evaluated again.',
  },
  calendarLoadedNotEvaluated: {
    vi: 'Đã nạp lịch nghỉ năm {year} ({days} ngày; nguồn: {source}) nhưng chưa đánh giá lại được các nghĩa vụ ({reason}); lần đánh giá sau sẽ đánh giá lại toàn bộ.',
    en: 'Loaded the {year} calendar ({days} days; source: {source}) but the obligations could not be evaluated again ({reason}); the next evaluation is a full one.',
  },
  // calendar preview, campaign preview
  previewRefused: {
    vi: '{field}: {reason} — không xem trước được, không có gì thay đổi.',
    en: '{field}: {reason} — nothing previewed, nothing changed.',
  },
  previewNeedsChange: {
    vi: 'Cần một ngày (với --kind và --name) hoặc --file tệp lịch của năm.',
    en: 'Give a date (with --kind and --name) or --file with a year’s calendar.',
  },
  calendarReplacedDerived: { vi: 'suy ra từ quy định', en: 'derived' },
  calendarReplacedAnnounced: { vi: 'đã công bố trước đó', en: 'previously announced' },
  calendarNoSource: { vi: 'không ghi', en: 'not given' },
  tokenRevokedAt: { vi: 'thu hồi {value}', en: 'revoked {value}' },
  noTokens: { vi: 'Chưa có mã truy cập nào.', en: 'No tokens yet.' },

  // snapshot
  phaseMissing: {
    vi: 'Thiếu --phase: cho biết đợt thi đua, ví dụ --phase 2024-1',
    en: 'Missing --phase: name the campaign phase, e.g. --phase 2024-1',
  },
  diffInvalid: { vi: '--diff {value}: phải có dạng 1..2', en: '--diff {value}: must read like 1..2' },
  versionInvalid: {
    vi: '--version {value}: phải là số phiên bản',
    en: '--version {value}: must be a version number',
  },
  exportInvalid: {
    vi: '--export {value}: chỉ nhận xlsx, csv hoặc json',
    en: '--export {value}: must be xlsx, csv or json',
  },
  xlsxNeedsOut: { vi: '--export xlsx cần --out TỆP', en: '--export xlsx needs --out FILE' },
  phaseUnknown: {
    vi: '--phase {value}: không có đợt thi đua này trong cấu hình',
    en: '--phase {value}: no such campaign phase is configured',
  },
  snapshotVersionUnknown: { vi: 'Không có phiên bản {value}', en: 'There is no version {value}' },
  snapshotTampered: {
    vi: 'Phiên bản {version} của đợt {phase} không khớp mã kiểm tra: dữ liệu đã bị sửa ngoài ứng dụng.',
    en: 'Version {version} of phase {phase} fails its checksum: the data was changed outside the application.',
  },
  frozen: {
    vi: 'Đã chốt đợt {phase}: phiên bản {version}, số liệu đến {asOf}, mã kiểm tra {checksum}',
    en: 'Froze phase {phase}: version {version}, data as of {asOf}, checksum {checksum}',
  },
  frozenUnchanged: {
    vi: 'Đợt {phase}: số liệu không đổi so với phiên bản {version}, không tạo phiên bản mới (mã kiểm tra {checksum})',
    en: 'Phase {phase}: the numbers are those of version {version}; no new version (checksum {checksum})',
  },
  diffHeader: {
    vi: 'So sánh đợt {phase}: phiên bản {from} → {to}',
    en: 'Phase {phase} compared: version {from} → {to}',
  },
  noChange: { vi: 'Không có thay đổi.', en: 'No change.' },
  levelUnit: { vi: 'Đơn vị', en: 'Unit' },
  levelPerson: { vi: 'Cá nhân', en: 'Person' },
  rowChange: {
    vi: 'điểm {scoreBefore} → {scoreAfter}, hạng {rankBefore} → {rankAfter}, xếp loại {gradeBefore} → {gradeAfter}',
    en: 'score {scoreBefore} → {scoreAfter}, rank {rankBefore} → {rankAfter}, grade {gradeBefore} → {gradeAfter}',
  },
  rowAdjusted: {
    vi: ' (điểm tính {computedBefore} → {computedAfter}, điều chỉnh {adjustmentBefore} → {adjustmentAfter})',
    en: ' (computed {computedBefore} → {computedAfter}, adjustment {adjustmentBefore} → {adjustmentAfter})',
  },
  ruleAdded: { vi: '; thêm {value}', en: '; added {value}' },
  ruleRemoved: { vi: '; bớt {value}', en: '; removed {value}' },
  exemptionAdded: { vi: 'Miễn trừ thêm', en: 'Exemption added' },
  exemptionRemoved: { vi: 'Miễn trừ bỏ', en: 'Exemption removed' },
  adjustmentAdded: { vi: 'Điều chỉnh thêm', en: 'Adjustment added' },
  adjustmentRemoved: { vi: 'Điều chỉnh bỏ', en: 'Adjustment removed' },
  exported: {
    vi: 'Đã xuất đợt {phase} phiên bản {version} ({format}) vào {out}',
    en: 'Exported phase {phase} version {version} ({format}) to {out}',
  },
  neverFrozen: { vi: 'Đợt {value} chưa được chốt lần nào.', en: 'Phase {value} was never frozen.' },
  versionLine: {
    vi: '{phase} v{version}\tchốt {frozenAt} bởi {by}\tsố liệu đến {asOf}\t{checksum}',
    en: '{phase} v{version}\tfrozen {frozenAt} by {by}\tdata as of {asOf}\t{checksum}',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type CliMessage = keyof typeof MESSAGES;

/** The message in `lang`, `{value}` (or each `{name}` of an object) replaced. */
export function cliMessage(
  key: CliMessage,
  lang: Lang,
  values: string | Record<string, string | number> = '',
): string {
  const text: string = MESSAGES[key][lang];
  if (typeof values === 'string') return text.replaceAll('{value}', values);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The help of every command and option, as `dunghan --help` and `dunghan CMD --help` print it. */
export const CLI_HELP = {
  vi: {
    program: 'Đúng hạn — theo dõi thời hạn xử lý văn bản và chấm điểm thi đua',
    lang: 'ngôn ngữ: vi | en (mặc định: DUNGHAN_LANG, hoặc tiếng Việt)',
    format: 'json | table (mặc định: json)',
    asOfNow:
      'thời điểm, ví dụ 08/05/2024 17:00 (giờ Việt Nam) hoặc 2024-05-08T17:00:00+07:00 (mặc định: bây giờ)',
    bundle: 'tệp dunghan.bundle.v1 (lặp lại được, áp dụng theo thứ tự)',
    sourceOne: 'chỉ một nguồn',
    evaluate: 'Đánh giá ngoại tuyến các tệp dữ liệu tại một thời điểm (không cần cơ sở dữ liệu)',
    evaluateAsOf: 'thời điểm đánh giá, ví dụ 08/05/2024 17:00 (giờ Việt Nam) hoặc 2024-05-08T17:00:00+07:00',
    evaluateConfig: 'thư mục cấu hình (mặc định: config/ của dự án)',
    evaluateEvidence: 'kèm mã nghĩa vụ làm căn cứ cho mỗi điểm',
    evaluateStale:
      'nguồn dữ liệu quá hạn đồng bộ: NGUỒN=THỜI_ĐIỂM đồng bộ thành công gần nhất; nghĩa vụ trễ/quá hạn sau thời điểm đó thành "chưa đủ dữ liệu" (áp dụng cho mọi bản ghi của tệp)',
    import: 'Nhập tệp dữ liệu vào cơ sở dữ liệu rồi đánh giá',
    importAsOf: 'thời điểm đánh giá sau khi nhập (mặc định: bây giờ, hoặc DUNGHAN_CLOCK)',
    obligations: 'Nghĩa vụ theo dữ liệu đã lưu tại một thời điểm',
    unitOne: 'chỉ một đơn vị',
    sync: 'Đồng bộ ngay từ các nguồn đã cấu hình',
    sources: 'Các nguồn đã cấu hình và lượt đồng bộ gần nhất',
    runs: 'Các lượt đồng bộ và bản ghi bị loại',
    runsLimit: 'số lượt (mặc định: 20)',
    runsRejections: 'liệt kê bản ghi bị loại của một lượt',
    remind: 'Gửi nhắc hạn đến hạn tại một thời điểm (mỗi người một thư mỗi khung giờ)',
    remindAsOf: 'thời điểm (mặc định: bây giờ); một ngày (08/05/2024) là khung giờ nhắc của ngày đó',
    dryRun: 'chỉ in, không gửi',
    sent: 'Các thư nhắc đã gửi: cho ai, vì sao',
    sentDate: 'ngày gửi (dd/mm/yyyy hoặc YYYY-MM-DD)',
    sentPerson: 'người nhận',
    sentState: 'claimed | sent | failed | dropped',
    sentLimit: 'số dòng (mặc định: 200)',
    sentFormat: 'table | json (mặc định: table)',
    digest: 'Bản tổng hợp tuần cho trưởng đơn vị và lãnh đạo sở',
    digestWeek: 'tuần được tổng hợp, ví dụ 2025-W11',
    digestResend: 'gửi lại một bản tổng hợp đã lưu',
    digestUnit: 'một đơn vị, hoặc leadership',
    digestDryRun: 'chỉ in, không lưu, không gửi',
    snapshot: 'Chốt điểm thi đua của một đợt (sơ kết, tổng kết), so sánh và xuất',
    snapshotPhase: 'đợt thi đua, ví dụ 2025-1',
    snapshotFreeze: 'chốt một phiên bản mới nếu số liệu đã đổi',
    snapshotBy: 'người chốt',
    snapshotAsOf: 'chốt tại thời điểm',
    snapshotList: 'liệt kê các phiên bản',
    snapshotDiff: 'so sánh hai phiên bản, ví dụ 1..2',
    snapshotExport: 'xlsx | csv | json',
    snapshotVersion: 'phiên bản để xuất (mặc định: mới nhất)',
    snapshotOut: 'tệp xuất',
    token: 'Mã truy cập API (lưu dạng băm, chỉ hiện một lần)',
    tokenCreate: 'Tạo mã truy cập',
    tokenRole: 'admin | council | leader | unit_head | staff | integration',
    tokenPerson: 'người dùng mã (bắt buộc với unit_head, staff)',
    tokenSource: 'với integration: nguồn duy nhất mã được đẩy dữ liệu và đồng bộ (mặc định: mọi nguồn)',
    tokenExpiresIn: 'hết hạn sau số ngày này (mặc định 90)',
    tokenExpires: 'dùng được đến hết ngày YYYY-MM-DD (giờ Việt Nam)',
    tokenUnit: 'đơn vị của trưởng đơn vị (mặc định: đơn vị người đó phụ trách)',
    tokenLabel: 'tên gợi nhớ',
    tokenList: 'Liệt kê mã truy cập (không hiện mã)',
    tokenRevoke: 'Thu hồi mã truy cập',
    tokenId: 'số của mã truy cập (xem: dunghan token list)',
    calendar: 'Lịch làm việc: nạp lịch nghỉ lễ, Tết Chính phủ vừa công bố',
    calendarLoad:
      'Nạp lịch nghỉ của một năm (tệp dạng config/calendars/<năm>.json); thay cho lịch suy ra và đánh giá lại',
    calendarFile: 'tệp JSON của năm: {year, source, days}',
    calendarPreview:
      'Xem trước một thay đổi lịch (một ngày nghỉ/làm việc, hoặc lịch cả năm): nghĩa vụ đổi hạn, điểm và thứ hạng đổi; không lưu gì',
    calendarPreviewDate: 'ngày YYYY-MM-DD được khai báo',
    calendarPreviewKind: 'off (nghỉ) | working (làm việc)',
    calendarPreviewName: 'tên ngày (lý do)',
    calendarPreviewFile: 'tệp JSON lịch của năm (thay cho một ngày)',
    campaign: 'Phong trào thi đua: xem trước thay đổi trọng số, xếp loại, đợt, chỉ tiêu',
    campaignPreview:
      'Xem trước định nghĩa mới của một phong trào (dạng một mục của config/campaigns.json); không lưu gì',
    campaignId: 'mã phong trào, ví dụ 2025',
    campaignFile: 'tệp JSON: name, phases, weights, grades, excellentTarget',
    previewFormat: 'table | json (mặc định: table)',
    demo: 'Chạy thử toàn bộ dịch vụ với một sở mẫu, không cần Postgres hay Redis',
    demoOnce: 'in tóm tắt rồi thoát',
    demoPort: 'cổng của API (mặc định: PORT hoặc 3000)',
    api: 'Tiến trình API (HTTP)',
    worker: 'Tiến trình xử lý công việc nền (cần REDIS_URL)',
  },
  en: {
    program: 'Đúng hạn — office-workflow deadline and compliance monitor',
    lang: 'language: vi | en (default: DUNGHAN_LANG, or vi)',
    format: 'json | table (default: json)',
    asOfNow: 'instant, e.g. 08/05/2024 17:00 (Vietnam time) or 2024-05-08T17:00:00+07:00 (default: now)',
    bundle: 'dunghan.bundle.v1 file (repeatable, applied in order)',
    sourceOne: 'one source only',
    evaluate: 'Evaluate bundle files offline as of an instant (no database needed)',
    evaluateAsOf: 'instant to evaluate at, e.g. 08/05/2024 17:00 (Vietnam time) or 2024-05-08T17:00:00+07:00',
    evaluateConfig: 'configuration folder (default: the project’s config/)',
    evaluateEvidence: 'include the obligation ids behind each score',
    evaluateStale:
      'a stale source: SOURCE=INSTANT of its last successful sync; obligations turning late/overdue after it are "unknown" (applies to every record of the files)',
    import: 'Import bundle files into the database and evaluate',
    importAsOf: 'instant to evaluate at after the import (default: now, or DUNGHAN_CLOCK)',
    obligations: 'Obligations from the stored data as of an instant',
    unitOne: 'one unit only',
    sync: 'Sync now from the configured sources',
    sources: 'Configured sources and their last run',
    runs: 'Sync runs and their rejected records',
    runsLimit: 'how many runs (default: 20)',
    runsRejections: 'list one run’s rejected records',
    remind: 'Send the reminders due at an instant (one message per person per slot)',
    remindAsOf: 'instant (default: now); a date (08/05/2024) means that day’s reminder slot',
    dryRun: 'print only, do not send',
    sent: 'Reminders sent: to whom and why',
    sentDate: 'day sent (dd/mm/yyyy or YYYY-MM-DD)',
    sentPerson: 'recipient',
    sentState: 'claimed | sent | failed | dropped',
    sentLimit: 'rows (default: 200)',
    sentFormat: 'table | json (default: table)',
    digest: 'The weekly digest for unit heads and leadership',
    digestWeek: 'the ISO week reported, e.g. 2025-W11',
    digestResend: 're-send a stored digest',
    digestUnit: 'one unit, or leadership',
    digestDryRun: 'print only: store nothing, send nothing',
    snapshot: 'Freeze, compare and export a campaign phase’s scores',
    snapshotPhase: 'campaign phase, e.g. 2025-1',
    snapshotFreeze: 'freeze a new version if the numbers changed',
    snapshotBy: 'who freezes it',
    snapshotAsOf: 'freeze as of an instant',
    snapshotList: 'list the versions',
    snapshotDiff: 'compare two versions, e.g. 1..2',
    snapshotExport: 'xlsx | csv | json',
    snapshotVersion: 'version to export (default: the latest)',
    snapshotOut: 'output file',
    token: 'API access tokens (stored hashed, shown once)',
    tokenCreate: 'Make a token',
    tokenRole: 'admin | council | leader | unit_head | staff | integration',
    tokenPerson: 'the person it speaks for (required for unit_head, staff)',
    tokenSource: 'for integration: the one source it may push to and sync (default: any)',
    tokenExpiresIn: 'expires after this many days (default 90)',
    tokenExpires: 'works to the end of day YYYY-MM-DD (Vietnam time)',
    tokenUnit: 'a unit head’s unit (default: the unit she heads)',
    tokenLabel: 'a label',
    tokenList: 'List tokens (never their secret)',
    tokenRevoke: 'Revoke a token',
    tokenId: 'the token’s number (see: dunghan token list)',
    calendar: 'The working calendar: load the days off the government has just announced',
    calendarLoad:
      'Load a year’s days off (a file shaped like config/calendars/<year>.json); replaces the derived year and re-evaluates',
    calendarFile: 'the year’s JSON file: {year, source, days}',
    calendarPreview:
      'Preview a calendar change (one day off or working, or a whole year): obligations that move, scores and ranks that change; nothing is stored',
    calendarPreviewDate: 'the day declared, YYYY-MM-DD',
    calendarPreviewKind: 'off | working',
    calendarPreviewName: 'the day’s name (its reason)',
    calendarPreviewFile: 'a year’s calendar JSON file (instead of one day)',
    campaign: 'Emulation campaigns: preview a change of weights, grades, phases, target',
    campaignPreview:
      'Preview a campaign’s new definition (an entry of config/campaigns.json); nothing is stored',
    campaignId: 'the campaign id, e.g. 2025',
    campaignFile: 'JSON file: name, phases, weights, grades, excellentTarget',
    previewFormat: 'table | json (default: table)',
    demo: 'Run the whole service on a generated sample agency, no Postgres or Redis needed',
    demoOnce: 'print the summary and exit',
    demoPort: 'API port (default: PORT or 3000)',
    api: 'The API process (HTTP)',
    worker: 'The job worker process (needs REDIS_URL)',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** `dunghan remind` and `dunghan sent`. */
export const REMIND_TEXT = {
  vi: {
    asOf: (v: string) =>
      `--as-of ${v}: không phải thời điểm hợp lệ (dd/mm/yyyy HH:mm giờ Việt Nam, YYYY-MM-DDTHH:mm+07:00, hoặc một ngày dd/mm/yyyy cho khe nhắc của ngày đó)`,
    lang: (v: string) => `--lang ${v}: chỉ nhận vi hoặc en`,
    retry: (id: string, attempt: number, error: string) =>
      `${id}: lần gửi thứ ${attempt} không thành công (${error}); gửi lại`,
    config: (v: string) => `Cấu hình không dùng được: ${v}`,
    noSlot: {
      not_working_day: 'không phải ngày làm việc',
      before_slot: 'chưa đến giờ gửi nhắc',
      outside_office_hours: 'ngoài giờ hành chính',
    },
    nothing: (at: string, why: string) => `Không gửi nhắc hạn lúc ${at}: ${why}.\n`,
    busy: 'Một lượt nhắc hạn khác đang chạy; lượt này không gửi gì.\n',
    slot: (when: string) => `Khe nhắc hạn ${when}`,
    dry: ' (chạy thử: không gửi, không ghi nhận)',
    summary: (
      sent: number,
      items: number,
      resent: number,
      pending: number,
      failed: number,
      dropped: number,
    ) =>
      `đã gửi ${sent} thư (${items} nhắc hạn), gửi lại ${resent}, chờ gửi lại ${pending}, bị từ chối ${failed}, bỏ ${dropped} nhắc hạn không còn đúng.`,
    planned: (n: number, items: number) => `sẽ gửi ${n} thư (${items} nhắc hạn).`,
    none: 'không có gì phải nhắc.',
    state: { planned: 'sẽ gửi', sent: 'đã gửi', failed: 'bị từ chối', pending: 'chờ gửi lại' },
    resentMark: ' (gửi lại)',
    interrupted: 'Máy chủ thư chưa nhận thư; phần còn lại sẽ được gửi ở lượt sau trong ngày.\n',
    heldStale: (n: number) =>
      `Tạm giữ ${n} nhắc quá hạn: nguồn dữ liệu chưa đồng bộ được nên chưa đủ dữ liệu để kết luận (sẽ gửi khi dữ liệu cập nhật xác nhận quá hạn).\n`,
    driver: { smtp: 'qua SMTP', outbox: 'vào hộp thư đi (tệp .eml)' },
    stage: { before: 'sắp đến hạn', due: 'đến hạn', escalation: 'quá hạn' },
    stored: { claimed: 'đang gửi', sent: 'đã gửi', failed: 'bị từ chối', dropped: 'bỏ' },
    due: 'hạn',
    why: 'căn cứ',
    cc: 'đồng gửi',
    empty: 'Chưa có nhắc hạn nào được ghi nhận.\n',
    date: (v: string) => `--date ${v}: phải là một ngày dd/mm/yyyy hoặc YYYY-MM-DD`,
    person: (v: string) => `--person ${v}: không có người này trong dữ liệu đã lưu`,
    format: (v: string) => `--format ${v}: chỉ nhận table hoặc json`,
    state_: (v: string) => `--state ${v}: chỉ nhận claimed, sent, failed hoặc dropped`,
  },
  en: {
    asOf: (v: string) =>
      `--as-of ${v}: not a valid instant (dd/mm/yyyy HH:mm Vietnam time, YYYY-MM-DDTHH:mm+07:00, or a date dd/mm/yyyy for that day's slot)`,
    lang: (v: string) => `--lang ${v}: must be vi or en`,
    retry: (id: string, attempt: number, error: string) =>
      `${id}: attempt ${attempt} failed (${error}); retrying`,
    config: (v: string) => `Configuration cannot be used: ${v}`,
    noSlot: {
      not_working_day: 'not a working day',
      before_slot: 'before the reminder time',
      outside_office_hours: 'outside office hours',
    },
    nothing: (at: string, why: string) => `No reminders at ${at}: ${why}.\n`,
    busy: 'Another reminder run is in progress; this one sent nothing.\n',
    slot: (when: string) => `Reminder slot ${when}`,
    dry: ' (dry run: nothing sent, nothing recorded)',
    summary: (
      sent: number,
      items: number,
      resent: number,
      pending: number,
      failed: number,
      dropped: number,
    ) =>
      `${sent} messages sent (${items} reminders), ${resent} re-sent, ${pending} left for the next run, ${failed} refused, ${dropped} reminders no longer due dropped.`,
    planned: (n: number, items: number) => `would send ${n} messages (${items} reminders).`,
    none: 'nothing to remind.',
    state: { planned: 'planned', sent: 'sent', failed: 'refused', pending: 'left for the next run' },
    resentMark: ' (re-sent)',
    interrupted: 'The mail server did not take the mail; the rest goes out on the next run today.\n',
    heldStale: (n: number) =>
      `${n} overdue reminder(s) held back: their data source has not synced, so there is not enough data to conclude (sent once fresh data confirms them overdue).\n`,
    driver: { smtp: 'through SMTP', outbox: 'to the outbox (.eml files)' },
    stage: { before: 'due soon', due: 'due today', escalation: 'overdue' },
    stored: { claimed: 'sending', sent: 'sent', failed: 'refused', dropped: 'dropped' },
    due: 'due',
    why: 'why',
    cc: 'cc',
    empty: 'No reminders recorded yet.\n',
    date: (v: string) => `--date ${v}: must be a date dd/mm/yyyy or YYYY-MM-DD`,
    person: (v: string) => `--person ${v}: no such person in the stored data`,
    format: (v: string) => `--format ${v}: must be table or json`,
    state_: (v: string) => `--state ${v}: must be claimed, sent, failed or dropped`,
  },
};

/** `dunghan digest`. */
export const DIGEST_TEXT = {
  vi: {
    lang: (v: string) => `--lang ${v}: chỉ nhận vi hoặc en`,
    week: (v: string) => `--week ${v}: phải là một tuần ISO, ví dụ 2025-W11`,
    weekMissing: 'Thiếu --week: cho biết tuần cần tổng hợp, ví dụ --week 2025-W11',
    request: {
      week_invalid: (v: string) => `--week ${v}: phải là một tuần ISO, ví dụ 2025-W11`,
      week_without_working_day: (v: string) =>
        `Tuần ${v} không có ngày làm việc nào: không có bản tổng hợp cho tuần này (tuần trước đó được gửi vào ngày làm việc đầu tiên sau nó).`,
      unit_unknown: (v: string) => `--unit ${v}: không có đơn vị này trong dữ liệu đã nhập.`,
      unit_is_leadership: (v: string) =>
        `--unit ${v}: đây là đơn vị của lãnh đạo sở, nhận bản tổng hợp toàn Sở (--unit leadership).`,
    },
    notDue: (week: string, at: string) =>
      `Bản tổng hợp ${week} được gửi lúc ${at}; chưa đến lúc gửi. Dùng --dry-run để xem trước.`,
    config: (v: string) => `Cấu hình không dùng được: ${v}`,
    header: (week: string, at: string) => `Tổng hợp ${week.toLowerCase()}, số liệu tính đến ${at}`,
    dry: ' (chạy thử: không lưu, không gửi)',
    partial: ' — tuần chưa qua khe gửi, số liệu đến hiện tại',
    outcome: {
      sent: 'đã gửi',
      already_sent: 'đã gửi trước đó, không gửi lại',
      busy: 'một tiến trình khác đang gửi',
      no_recipient: 'không gửi: chưa có địa chỉ thư của người nhận',
    },
    stored: { same: 'đã lưu, trùng nội dung', changed: 'đã lưu với nội dung khác', none: 'chưa lưu' },
    to: 'gửi',
    nobody: '(không có người nhận)',
    summary: (sent: number, before: number, none: number) =>
      `Đã gửi ${sent}, đã gửi trước đó ${before}, không có người nhận ${none}.`,
    failed: (v: string) =>
      `Máy chủ thư chưa nhận thư (${v}). Các bản đã gửi được giữ nguyên; chạy lại lệnh để gửi phần còn lại.`,
    empty: 'Không có bản tổng hợp nào.',
    resendInvalid: (v: string) => `--resend ${v}: cần mã số của bản tổng hợp đã lưu`,
    /** Which digest: a unit's, or the leadership's of all units. */
    digestOf: (unitId: string | null) => (unitId === null ? 'lãnh đạo sở' : `đơn vị ${unitId}`),
    resent: (id: string, digest: string, week: string, to: string, messageId: string) =>
      `Đã gửi lại bản tổng hợp ${id} (${digest}, tuần ${week}) đến ${to} — Message-ID ${messageId}`,
    notFound: (v: string) => `Không có bản tổng hợp số ${v}`,
  },
  en: {
    lang: (v: string) => `--lang ${v}: must be vi or en`,
    week: (v: string) => `--week ${v}: must be an ISO week such as 2025-W11`,
    weekMissing: 'Missing --week: name the week to report, e.g. --week 2025-W11',
    request: {
      week_invalid: (v: string) => `--week ${v}: must be an ISO week such as 2025-W11`,
      week_without_working_day: (v: string) =>
        `Week ${v} has no working day: it has no digest (the week before it goes out on the first working day after it).`,
      unit_unknown: (v: string) => `--unit ${v}: no such unit in the imported data.`,
      unit_is_leadership: (v: string) =>
        `--unit ${v}: this is the leadership's own unit; it receives the department digest (--unit leadership).`,
    },
    notDue: (week: string, at: string) =>
      `The digest of ${week} goes out at ${at}; it is not due yet. Use --dry-run to preview it.`,
    config: (v: string) => `Configuration cannot be used: ${v}`,
    header: (week: string, at: string) => `Digest of ${week.toLowerCase()}, figures as of ${at}`,
    dry: ' (dry run: nothing stored or sent)',
    partial: ' — the week’s slot has not come, figures up to now',
    outcome: {
      sent: 'sent',
      already_sent: 'already sent, not sent again',
      busy: 'another process is sending it',
      no_recipient: 'not sent: no address for the recipient',
    },
    stored: {
      same: 'stored, same content',
      changed: 'stored with different content',
      none: 'not stored yet',
    },
    to: 'to',
    nobody: '(nobody to send to)',
    summary: (sent: number, before: number, none: number) =>
      `${sent} sent, ${before} already sent, ${none} without a recipient.`,
    failed: (v: string) =>
      `The mail server did not take a message (${v}). What was sent stays sent; run the command again to send the rest.`,
    empty: 'No digest to prepare.',
    resendInvalid: (v: string) => `--resend ${v}: needs a stored digest's number`,
    digestOf: (unitId: string | null) => (unitId === null ? 'leadership' : `unit ${unitId}`),
    resent: (id: string, digest: string, week: string, to: string, messageId: string) =>
      `Re-sent digest ${id} (${digest}, week ${week}) to ${to} — Message-ID ${messageId}`,
    notFound: (v: string) => `No digest number ${v}`,
  },
};

/** `dunghan demo`. */
export const DEMO_TEXT = {
  vi: {
    port: (v: string) => `--port ${v}: phải là số nguyên từ 0 đến 65535`,
    title: 'Đúng hạn — chạy thử với dữ liệu mẫu (không cần Postgres, Redis hay máy chủ thư)',
    ignored: '  (DATABASE_URL/REDIS_URL được bỏ qua: bản chạy thử luôn dùng cơ sở dữ liệu nhúng)',
    dataDir: (dir: string) => `  Thư mục dữ liệu: ${dir}`,
    clock: (at: string) => `  Đồng hồ của bản chạy thử dừng ở ${at}, cuối kỳ dữ liệu mẫu (DUNGHAN_CLOCK)`,
    generated: (
      files: string,
      agency: string,
      units: string,
      people: string,
      from: string,
      to: string,
      inbox: string,
    ) =>
      `  Đã tạo ${files} tệp dữ liệu (${agency}, ${units} đơn vị, ${people} cán bộ, ${from}–${to}) trong ${inbox}`,
    existing: '  Dữ liệu mẫu đã có từ lần chạy trước (xoá thư mục dữ liệu để tạo lại)',
    portInUse: 'Cổng đang được dùng; chọn cổng khác: dunghan demo --port 3001',
    cannotStart: (v: string) => `Không khởi động được: ${v}`,
    apiAt: (url: string) => `API đang chạy tại ${url} (tài liệu: ${url}/api/docs)`,
    token: (v: string) => `  Mã truy cập thử (quản trị): ${v}`,
    tokenLabel: 'chạy thử',
    health: '  Tình trạng hệ thống: ',
    obligations: '  Nghĩa vụ (JSON):     ',
    scores: '  Điểm thi đua:        ',
    syncNow: '  Đồng bộ ngay:        ',
    ctrlC: 'Nhấn Ctrl-C để dừng.',
    stoppedOnce: 'Đã dừng (--once).',
    stopped: 'Đã dừng.',
    syncBusy: (source: string) => `Đồng bộ nguồn "${source}": đang có một lượt khác chạy, bỏ qua.`,
    syncNothing: (source: string, run: string) =>
      `Đồng bộ nguồn "${source}" (lượt ${run}): không có tệp mới.`,
    synced: (source: string, run: string, c: Record<string, string>) =>
      `Đồng bộ nguồn "${source}" (lượt ${run}): ${c.batches} lô, ${c.seen} bản ghi — ` +
      `thêm ${c.inserted}, cập nhật ${c.updated}, không đổi ${c.unchanged}, xoá ${c.deleted}, bị loại ${c.rejected}, cảnh báo ${c.warnings}.`,
    rates: (at: string) =>
      `Tỉ lệ đúng hạn theo đơn vị tính đến ${at} ` +
      '(lập kế hoạch, trình dự thảo, đơn vị trình lãnh đạo sở, lịch công tác tuần; đúng hạn ÷ đã chấm):',
    header: ['Đơn vị', 'Nghĩa vụ đã chấm', 'Đúng hạn'],
    total: 'Toàn sở',
  },
  en: {
    port: (v: string) => `--port ${v}: must be a whole number from 0 to 65535`,
    title: 'Đúng hạn — a trial run on sample data (no Postgres, Redis or mail server needed)',
    ignored: '  (DATABASE_URL/REDIS_URL are ignored: the trial run always uses the embedded database)',
    dataDir: (dir: string) => `  Data folder: ${dir}`,
    clock: (at: string) =>
      `  The trial run's clock stands at ${at}, the end of the sample period (DUNGHAN_CLOCK)`,
    generated: (
      files: string,
      agency: string,
      units: string,
      people: string,
      from: string,
      to: string,
      inbox: string,
    ) =>
      `  Wrote ${files} bundle files (${agency}, ${units} units, ${people} people, ${from}–${to}) into ${inbox}`,
    existing: '  The sample data is there from an earlier run (delete the data folder to make it again)',
    portInUse: 'The port is in use; pick another: dunghan demo --port 3001',
    cannotStart: (v: string) => `Could not start: ${v}`,
    apiAt: (url: string) => `The API runs at ${url} (documentation: ${url}/api/docs)`,
    token: (v: string) => `  Trial access token (admin): ${v}`,
    tokenLabel: 'trial run',
    health: '  Health:              ',
    obligations: '  Obligations (JSON):  ',
    scores: '  Scores:              ',
    syncNow: '  Sync now:            ',
    ctrlC: 'Press Ctrl-C to stop.',
    stoppedOnce: 'Stopped (--once).',
    stopped: 'Stopped.',
    syncBusy: (source: string) => `Sync of "${source}": another run is in progress; skipped.`,
    syncNothing: (source: string, run: string) => `Sync of "${source}" (run ${run}): no new files.`,
    synced: (source: string, run: string, c: Record<string, string>) =>
      `Sync of "${source}" (run ${run}): ${c.batches} batches, ${c.seen} records — ` +
      `${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.rejected} rejected, ${c.warnings} warnings.`,
    rates: (at: string) =>
      `On-time rate per unit as of ${at} ` +
      '(plans, drafts submitted, units submitting to leadership, weekly schedules; on time ÷ judged):',
    header: ['Unit', 'Obligations judged', 'On time'],
    total: 'Whole department',
  },
};
