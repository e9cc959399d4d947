import type { Lang } from './lang.js';

/** What the access commands say (`dunghan login-link`, `dunghan access`), both languages. */
export const ACCESS_TEXT = {
  vi: {
    role: {
      admin: 'quản trị hệ thống',
      council: 'hội đồng thi đua',
      leader: 'lãnh đạo',
      unit_head: 'trưởng đơn vị',
      staff: 'chuyên viên',
    } as Record<string, string>,
    personMissing: 'Thiếu --person: cho biết mã cán bộ (như trong hệ thống quản lý văn bản)',
    personUnknown: (id: string) => `--person ${id}: không có cán bộ nào có mã này trong dữ liệu đã nhập`,
    personInactive: (id: string) => `--person ${id}: cán bộ này không còn hoạt động, không đăng nhập được`,
    link: (who: string, role: string, until: string) =>
      `Liên kết đăng nhập cho ${who}, vai trò ${role}; dùng được một lần, đến ${until}:`,
    roleUnit: (role: string, unit: string) => `${role} (đơn vị ${unit})`,
    grantRole: (v: string, allowed: string) => `--role ${v}: chỉ cấp được ${allowed}`,
    granted: (who: string, role: string, ended: number) =>
      `Đã cấp vai trò ${role} cho ${who}.` +
      (ended > 0
        ? ` Đã kết thúc ${ended} phiên đăng nhập của người này: lần đăng nhập sau mang vai trò mới.`
        : ''),
    alreadyGranted: (who: string, role: string) => `${who} đã có vai trò ${role}; không thay đổi gì.`,
    revoked: (who: string, role: string, ended: number) =>
      `Đã thu hồi vai trò ${role} của ${who}.` +
      (ended > 0 ? ` Đã kết thúc ${ended} phiên đăng nhập của người này.` : ''),
    notGranted: (who: string, role: string) => `${who} không có vai trò ${role} được cấp; không thay đổi gì.`,
    noGrants: 'Chưa cấp vai trò nào; mọi người đăng nhập theo chức vụ của mình.',
    grantsHeader: 'Cán bộ\tVai trò được cấp\tNgười cấp\tLúc',
    demoLinks: 'Đăng nhập thử từng vai trò (mỗi liên kết dùng được một lần; chạy lại để có liên kết mới):',
  },
  en: {
    role: {
      admin: 'administrator',
      council: 'emulation council',
      leader: 'leadership',
      unit_head: 'unit head',
      staff: 'staff',
    } as Record<string, string>,
    personMissing: 'Missing --person: give the person’s id (as in the document system)',
    personUnknown: (id: string) => `--person ${id}: nobody with this id in the imported data`,
    personInactive: (id: string) => `--person ${id}: this person is no longer active and cannot sign in`,
    link: (who: string, role: string, until: string) =>
      `Sign-in link for ${who}, role ${role}; it works once, until ${until}:`,
    roleUnit: (role: string, unit: string) => `${role} (unit ${unit})`,
    grantRole: (v: string, allowed: string) => `--role ${v}: only ${allowed} can be granted`,
    granted: (who: string, role: string, ended: number) =>
      `Granted ${role} to ${who}.` +
      (ended > 0 ? ` Ended ${ended} of their sessions: the next sign-in carries the new role.` : ''),
    alreadyGranted: (who: string, role: string) => `${who} already has ${role}; nothing changed.`,
    revoked: (who: string, role: string, ended: number) =>
      `Took ${role} back from ${who}.` + (ended > 0 ? ` Ended ${ended} of their sessions.` : ''),
    notGranted: (who: string, role: string) => `${who} was not granted ${role}; nothing changed.`,
    noGrants: 'No roles granted; everyone signs in with the role of their post.',
    grantsHeader: 'Person\tGranted role\tBy\tAt',
    demoLinks: 'Sign in as each role (each link works once; run again for new links):',
  },
} satisfies Record<Lang, unknown>;

export const ACCESS_HELP = {
  vi: {
    loginLink:
      'In một liên kết đăng nhập dùng một lần cho một cán bộ (cho quản trị viên đầu tiên, và để thử)',
    person: 'mã cán bộ',
    access: 'Vai trò được cấp thêm cho cán bộ (quản trị, hội đồng thi đua, lãnh đạo)',
    grant: 'Cấp một vai trò',
    revoke: 'Thu hồi một vai trò đã cấp',
    list: 'Liệt kê các vai trò đã cấp',
    role: 'admin | council | leader',
  },
  en: {
    loginLink: 'Print a one-time sign-in link for a person (for the first administrator, and for trying)',
    person: 'the person’s id',
    access: 'Roles granted to people on top of their post (administrator, emulation council, leadership)',
    grant: 'Grant a role',
    revoke: 'Take a granted role back',
    list: 'List granted roles',
    role: 'admin | council | leader',
  },
} satisfies Record<Lang, Record<string, string>>;
