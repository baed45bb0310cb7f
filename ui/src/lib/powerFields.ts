// How the power configuration form lays out each power type's parameters. Layout only: the
// region checks the values (`machine update`), and its messages appear beside the fields.

export interface PowerFieldSpec {
  name: string;
  label: string;
  /** Never shown; an empty field keeps the stored value. */
  secret?: boolean;
  choices?: string[];
}

export const powerTypeFields: Record<string, PowerFieldSpec[]> = {
  manual: [],
  ipmi: [
    { name: "power_address", label: "IP address" },
    { name: "power_port", label: "Port" },
    { name: "power_user", label: "User" },
    { name: "power_pass", label: "Password", secret: true },
    { name: "power_driver", label: "Driver", choices: ["", "LAN", "LAN_2_0"] },
    { name: "power_boot_type", label: "Boot type", choices: ["", "auto", "legacy", "efi"] },
    { name: "privilege_level", label: "Privilege level", choices: ["", "USER", "OPERATOR", "ADMIN"] },
    { name: "cipher_suite_id", label: "Cipher suite", choices: ["", "3", "8", "12", "17"] },
    { name: "power_off_mode", label: "Power off mode", choices: ["", "soft", "hard"] },
    { name: "k_g", label: "K_g BMC key", secret: true },
    { name: "mac_address", label: "BMC MAC address" },
  ],
  webhook: [
    { name: "power_on_uri", label: "Power on URI" },
    { name: "power_off_uri", label: "Power off URI" },
    { name: "power_query_uri", label: "Power query URI" },
    { name: "power_on_regex", label: "Power on regex" },
    { name: "power_off_regex", label: "Power off regex" },
    { name: "power_user", label: "User" },
    { name: "power_pass", label: "Password", secret: true },
    { name: "power_token", label: "Token", secret: true },
    { name: "power_verify_ssl", label: "Verify TLS", choices: ["", "y", "n"] },
  ],
};

export const powerTypes = Object.keys(powerTypeFields);

/** A stored parameter as text: lists comma-separated, secrets only as set or not. */
export function shownValue(field: PowerFieldSpec, value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(", ") : (value ?? "");
  if (field.secret) return text ? "(set)" : "(not set)";
  return text || "—";
}
