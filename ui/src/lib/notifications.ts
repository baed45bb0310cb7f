// Pure logic of the notifications area: MAAS messages are Python format strings over their
// context ({name} is replaced, {{ and }} are braces), shown as text, never as markup.
import type { NotificationCategory, ServerNotification } from "../api/types";

/** The message with its {name} fields filled from context; a field it cannot fill stays as it is. */
export function renderMessage(message: string, context: Record<string, unknown>): string {
  let out = "";
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if ((c === "{" || c === "}") && message[i + 1] === c) {
      out += c;
      i++;
      continue;
    }
    if (c !== "{") {
      out += c;
      continue;
    }
    const close = message.indexOf("}", i + 1);
    if (close < 0) {
      out += message.slice(i);
      break;
    }
    const field = message.slice(i + 1, close);
    const name = field.split(/[.[!:]/)[0];
    const value = Object.prototype.hasOwnProperty.call(context, name) ? context[name] : undefined;
    out += value === undefined ? message.slice(i, close + 1) : String(value);
    i = close;
  }
  return out;
}

const order: Record<NotificationCategory, number> = { error: 0, warning: 1, info: 2, success: 3 };

/** Errors first, then warnings, information and good news; oldest first within each. */
export function sortNotifications(list: ServerNotification[]): ServerNotification[] {
  return [...list].sort((a, b) => order[a.category] - order[b.category] || a.id - b.id);
}

/** The word shown beside each category's colour. */
export function categoryLabel(category: NotificationCategory): string {
  return { error: "Error", warning: "Warning", info: "Info", success: "Success" }[category];
}
