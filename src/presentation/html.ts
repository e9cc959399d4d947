/**
 * The HTML kit every mail shares: one escaper for text and attribute values. Both mails quote
 * attributes with `"`, and a name such as "Nguyễn Thị O'Neil" may reach either, so all five
 * characters that can end a text or an attribute are escaped.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
